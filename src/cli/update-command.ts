import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ImportSession } from '../shared/import/import-session';
import type { Prospect } from '../shared/prospect';
import { buildPreview, sessionPreviewSource } from '../shared/update/list-preview-rows';
import { lookupProspects } from '../shared/update/stored-prospect';
import { NOT_CLEARED } from '../main/update/verify-clears';
import { defaultFileName, MAX_BATCH_SIZE } from '../shared/update/update-plan';
import type { RowOutcome } from '../shared/update/update-types';
import { AppError } from '../main/app-error';
import { applyUpdate, countOutcomes } from '../main/update/apply-update';
import { writePreviewFiles } from '../main/update/preview-files';
import { retryFailed, revertUpdate } from '../main/update/retry-revert';
import { readOutcomes } from '../main/update/update-files';
import type { AccountArgs } from './account-from-args';
import { cliRunId, cliAccount } from './cli-account';
import type { CliAccount } from './cli-account';
import type { CliIo } from './io';

export const UPDATE_USAGE = `  update FILE (--key-env VAR [--base-url ORIGIN] | --connection NAME) (--dry-run | --apply)
         --report DIR [--clear-blanks] [--file-name NAME] [--batch-size N]
      Compare FILE with the account field by field (preview.csv in DIR), and with --apply
      back up the prospects about to change (read fresh), send the changes with
      add_prospects_list (update: true, file_name always set) and write success.csv and
      errors.csv: every row of FILE in exactly one of them.
  update --retry-failed DIR (--key-env VAR … | --connection NAME)   send only the failed rows again
  update --revert DIR (--key-env VAR … | --connection NAME)         put back the backed-up values
      Prints {"added","updated","unchanged","invalid","failed","unknown","requests"};
      exits 1 while any row failed or is unknown.`;

export interface UpdateArgs extends AccountArgs {
  'dry-run'?: boolean;
  apply?: boolean;
  report?: string;
  'clear-blanks'?: boolean;
  'file-name'?: string;
  'batch-size'?: string;
  'retry-failed'?: string;
  revert?: string;
}

/** `prospect-desk update`: the app's preview and apply, headless. */
export async function updateCommand(
  file: string | undefined,
  args: UpdateArgs,
  io: CliIo,
): Promise<number> {
  const earlier = args['retry-failed'] ?? args.revert;
  if (earlier !== undefined) {
    if (file !== undefined || (args['retry-failed'] && args.revert)) {
      throw new AppError('validation', 'Use --retry-failed DIR or --revert DIR alone.');
    }
    return runAction(resolve(io.cwd, earlier), args, io);
  }
  if (!file) throw new AppError('validation', 'Name the file to update from.');
  if (!args.report) throw new AppError('validation', '--report DIR is required.');
  if (!!args['dry-run'] === !!args.apply) {
    throw new AppError('validation', 'Choose --dry-run (preview only) or --apply.');
  }
  const batchSize = args['batch-size'] === undefined ? MAX_BATCH_SIZE : Number(args['batch-size']);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
    throw new AppError('validation', `--batch-size must be 1–${MAX_BATCH_SIZE}.`);
  }
  const dir = resolve(io.cwd, args.report);
  const session = await parseFile(resolve(io.cwd, file));
  const account = await cliAccount(args, io);
  try {
    const lookup = await accountByEmail(account);
    const preview = await buildPreview(
      sessionPreviewSource(session, basename(file)),
      lookupProspects((key) => lookup.get(key)),
      {
        clearBlanks: !!args['clear-blanks'],
      },
    );
    const planned = await writePreviewFiles(dir, preview);
    const summary = preview.summary();
    if (args['dry-run']) {
      print(io, {
        added: summary.byKind.new,
        updated: summary.byKind.changed,
        unchanged: summary.byKind.unchanged,
        invalid: summary.byKind.invalid + summary.byKind.duplicate,
        failed: 0,
        unknown: 0,
        requests: account.requests(),
      });
      return 0;
    }
    const result = await applyUpdate({
      dir,
      runId: cliRunId('upd'),
      connection: account.connection,
      list: basename(file),
      client: account.client,
      planned,
      skipped: preview.skippedOutcomes(),
      fileName: args['file-name'] ?? defaultFileName(basename(file), new Date()),
      batchSize,
    });
    return report(io, await readOutcomes(result.dir), account.requests());
  } finally {
    await account.close();
  }
}

async function runAction(dir: string, args: UpdateArgs, io: CliIo): Promise<number> {
  const account = await cliAccount(args, io);
  try {
    if (args.revert !== undefined) {
      const result = await revertUpdate({ dir, client: account.client });
      print(io, {
        reverted: result.reverted,
        failed: result.failed,
        added: result.added,
        requests: account.requests(),
      });
      return result.failed > 0 ? 1 : 0;
    }
    await retryFailed({ dir, client: account.client });
    return report(io, await readOutcomes(dir), account.requests());
  } finally {
    await account.close();
  }
}

function report(io: CliIo, outcomes: readonly RowOutcome[], requests: number): number {
  const counts = countOutcomes(outcomes);
  const notCleared = outcomes.filter((o) => o.code === NOT_CLEARED).length;
  print(io, { ...counts, requests, ...(notCleared > 0 && { notCleared }) });
  return counts.failed + counts.unknown > 0 ? 1 : 0;
}

function print(io: CliIo, summary: Record<string, number>): void {
  io.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function parseFile(path: string): Promise<ImportSession> {
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new AppError('not_found', `Cannot read ${path}: no such file.`);
    },
  );
  const session = ImportSession.start(createReadStream(path, { highWaterMark: 4 << 20 }), {
    fileName: basename(path),
    totalBytes: size,
  });
  await session.done.catch((error: unknown) => {
    throw new AppError('validation', error instanceof Error ? error.message : String(error));
  });
  return session;
}

/** The account read fresh, by lowercase email: the CLI's snapshot. */
async function accountByEmail(account: CliAccount): Promise<Map<string, Prospect>> {
  const byEmail = new Map<string, Prospect>();
  for await (const page of account.client.listAll()) {
    for (const prospect of page) byEmail.set(prospect.email.trim().toLowerCase(), prospect);
  }
  return byEmail;
}
