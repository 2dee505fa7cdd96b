import { basename, dirname } from 'node:path';
import { AppError } from '../main/app-error';
import { isValidRunId } from '../main/backup/backup-manifest';
import { runPaths } from '../main/delete/run-files';
import { readManifest } from '../main/delete/run-plan';
import { RESTORE_LIMITS, restoreProspects } from '../main/delete/v1-restore';
import { checkAccountArgs } from './account-from-args';
import type { AccountArgs } from './account-from-args';
import { cliAccount } from './cli-account';
import { runAccountId } from './run-account';
import type { CliIo } from './io';
import { checkInputFile, exists, MAX_INPUT_BYTES, nonBlank } from './preflight';

export const RESTORE_USAGE = `  restore BACKUP (--key-env VAR [--base-url ORIGIN] | --connection NAME) [--file-name NAME]
         [--key-rotated]
      Re-add the prospects of a verified backup (BACKUP = its .manifest.json, .jsonl or .csv)
      to the account it was made from: a key of another account is refused before any
      request; --key-rotated takes a new key of the same account (same --base-url and
      --company-id; your word for the rest). ${RESTORE_LIMITS}
      Prints {"records","restored","failed","requests"}; exits 1 if any prospect failed.`;

const SUFFIX = /\.(manifest\.json|jsonl|csv)$/;

/** `prospect-desk restore BACKUP`. */
export async function restoreCommand(
  backup: string | undefined,
  args: AccountArgs & { 'file-name'?: string; 'key-rotated'?: boolean },
  io: CliIo,
): Promise<number> {
  if (!backup || !SUFFIX.test(backup)) {
    throw new AppError(
      'validation',
      'Name the backup to restore: its .manifest.json, .jsonl or .csv.',
    );
  }
  const fileName = nonBlank('--file-name', args['file-name']);
  checkAccountArgs(args, io);
  const { path } = await checkInputFile(io, backup, {
    maxBytes: MAX_INPUT_BYTES,
    what: 'a backup file',
  });
  const runId = basename(path).replace(SUFFIX, '');
  if (!isValidRunId(runId)) {
    throw new AppError(
      'validation',
      `${backup} is not named like a backup (<run id>${basename(path).slice(runId.length)}).`,
    );
  }
  const manifest = runPaths(dirname(path), runId).manifest;
  if (!(await exists(manifest))) {
    throw new AppError(
      'validation',
      `${backup} has no manifest beside it (${basename(manifest)}): it is not a complete backup.`,
    );
  }
  const account = await cliAccount(args, io);
  try {
    // Before any request: the backup is restored into its own account only.
    const recorded = (await readManifest(manifest)).manifest.connection;
    const connectionId = runAccountId(
      'restore',
      runId,
      recorded,
      account,
      !!args['key-rotated'],
      io,
    );
    io.stderr.write(`${RESTORE_LIMITS}\n`);
    const result = await restoreProspects({
      dir: dirname(path),
      runId,
      connectionId,
      client: account.client,
      ...(fileName && { fileName }),
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
