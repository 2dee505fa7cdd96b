import { AppError } from '../main/app-error';
import type { BackupConnection } from '../main/backup/backup-manifest';
import { rotatedKeyRefusal } from '../main/delete/run-account';
import type { CliAccount } from './cli-account';
import type { CliIo } from './io';

/**
 * The account id to resume or restore a delete run with, decided before any
 * request: the key's own when it is the run's account; the run's when the
 * user says the key was rotated (`--key-rotated`, as for update runs) and the
 * run recorded the same origin and client company; otherwise refused. The
 * engine then checks this id against the run again (run-account.ts).
 */
export function runAccountId(
  command: 'delete' | 'restore',
  runId: string,
  recorded: BackupConnection,
  account: CliAccount,
  keyRotated: boolean,
  io: CliIo,
): string {
  if (recorded.id === account.connection.id) return account.connection.id;
  if (!keyRotated) {
    throw new AppError(
      'validation',
      `Run ${runId} belongs to another account (${recorded.label}) than this key's: nothing was sent. Use that account's key; if it is the same account with a new key, add --key-rotated.`,
    );
  }
  const why = rotatedKeyRefusal(recorded, account.connection);
  if (why) {
    throw new AppError(
      'validation',
      `--key-rotated cannot be taken for run ${runId}: ${why}. Nothing was sent.`,
    );
  }
  io.stderr.write(
    `prospect-desk ${command}: taking this key as a new key of ${recorded.label}, as --key-rotated says.\n`,
  );
  return recorded.id;
}
