import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../main/app-error';
import { RESTORE_LIMITS, restoreProspects } from '../main/delete/v1-restore';
import type { AccountArgs } from './account-from-args';
import { cliAccount } from './cli-account';
import type { CliIo } from './io';

export const RESTORE_USAGE = `  restore BACKUP (--key-env VAR [--base-url ORIGIN] | --connection NAME) [--file-name NAME]
      Re-add the prospects of a verified backup (BACKUP = its .manifest.json, .jsonl or .csv)
      to the account it was made from. ${RESTORE_LIMITS}
      Prints {"records","restored","failed","requests"}; exits 1 if any prospect failed.`;

const SUFFIX = /\.(manifest\.json|jsonl|csv)$/;

/** `prospect-desk restore BACKUP`. */
export async function restoreCommand(
  backup: string | undefined,
  args: AccountArgs & { 'file-name'?: string },
  io: CliIo,
): Promise<number> {
  if (!backup || !SUFFIX.test(backup)) {
    throw new AppError(
      'validation',
      'Name the backup to restore: its .manifest.json, .jsonl or .csv.',
    );
  }
  const path = resolve(io.cwd, backup);
  const runId = basename(path).replace(SUFFIX, '');
  const account = await cliAccount(args, io);
  try {
    io.stderr.write(`${RESTORE_LIMITS}\n`);
    const result = await restoreProspects({
      dir: dirname(path),
      runId,
      connectionId: account.connection.id,
      client: account.client,
      ...(args['file-name'] && { fileName: args['file-name'] }),
    });
    for (const failure of result.failures.slice(0, 20)) {
      io.stderr.write(`${failure.email}: ${failure.code} ${failure.message}\n`);
    }
    io.stdout.write(
      `${JSON.stringify({ runId, records: result.records, restored: result.restored, failed: result.failed, requests: account.requests() })}\n`,
    );
    return result.failed > 0 ? 1 : 0;
  } finally {
    await account.close();
  }
}
