import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
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
import { resumeUpdate } from '../main/update/resume-update';
import { retryFailed, revertUpdate } from '../main/update/retry-revert';
import { verifyLegacyRun } from '../main/update/legacy-run';
import { rotatedKeyRefusal } from '../main/update/run-owner';
import { readOutcomes } from '../main/update/run-outcomes';
import { readRunFile, updatePaths } from '../main/update/update-files';
import { checkAccountArgs } from './account-from-args';
import type { AccountArgs } from './account-from-args';
import { cliRunId, cliAccount } from './cli-account';
import type { CliAccount } from './cli-account';
import { EXIT } from './cli-errors';
import type { CliIo } from './io';
import {
  checkExistingFolder,
  checkInputFile,
  checkOutputFolder,
  MAX_INPUT_BYTES,
  nonBlank,
  wholeNumber,
} from './preflight';
import type { InputFile } from './preflight';

export const UPDATE_USAGE = `  update FILE (--key-env VAR [--base-url ORIGIN] | --connection NAME) (--dry-run | --apply)
         --report DIR [--clear-blanks] [--file-name NAME] [--batch-size N]
      Compare FILE with the account field by field (preview.csv in DIR), and with --apply
      back up the prospects about to change (read fresh), send the changes with
      add_prospects_list (update: true, file_name always set) and write success.csv and
      errors.csv: every row of FILE in exactly one of them.
  update --resume DIR (--key-env VAR … | --connection NAME)         finish an apply that was stopped
  update --retry-failed DIR (--key-env VAR … | --connection NAME)   send only the failed rows again
  update --revert DIR (--key-env VAR … | --connection NAME)         put back the backed-up values
      Resume never sends again a row whose batch was answered, and reads back a batch
      whose answer was lost before sending anything. These three refuse a key of
      another account than the run's; --key-rotated takes a new key of the same
      account (same --base-url and --company-id; your word for the rest).
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
  resume?: string;
  'key-rotated'?: boolean;
}

/** What acts on an earlier run, in its --report DIR. */
const EARLIER_RUN_ACTIONS = ['resume', 'retry-failed', 'revert'] as const;

/** Options that only a new update takes: resume, retry and revert reuse the run's. */
const NEW_RUN_OPTIONS = [
  'dry-run',
  'apply',
  'report',
  'clear-blanks',
  'file-name',
  'batch-size',
] as const;

const refuse = (message: string) => new AppError('validation', message);

/** `prospect-desk update`: the app's preview and apply, headless. */
export async function updateCommand(
  file: string | undefined,
  args: UpdateArgs,
  io: CliIo,
): Promise<number> {
  const actions = EARLIER_RUN_ACTIONS.filter((a) => args[a] !== undefined);
  const action = `--${actions[0] ?? 'revert'}`;
  const earlier = args['retry-failed'] ?? args.revert ?? args.resume;
  if (earlier !== undefined) {
    if (file !== undefined || actions.length > 1) {
      throw refuse('Use --resume DIR, --retry-failed DIR or --revert DIR alone.');
    }
    if (earlier === '') throw refuse(`${action} needs the run's folder (its --report DIR).`);
    for (const option of NEW_RUN_OPTIONS) {
      if (args[option] !== undefined) {
        throw refuse(`${action} reuses the run's own settings: drop --${option}.`);
      }
    }
    checkAccountArgs(args, io);
    const dir = await checkExistingFolder(io, action, earlier);
    if (!(await isFile(updatePaths(dir).run))) {
      throw refuse(`${action} ${earlier} holds no update run (it has no run.json).`);
    }
    return runAction(dir, args, io);
  }
  if (args['key-rotated']) {
    throw refuse('--key-rotated goes with --resume, --retry-failed or --revert DIR.');
  }
  if (!file) throw refuse('Name the file to update from.');
  if (!args.report) throw refuse('--report DIR is required.');
  if (!!args['dry-run'] === !!args.apply) {
    throw refuse('Choose --dry-run (preview only) or --apply.');
  }
  const batchSize = wholeNumber('--batch-size', args['batch-size'], 1, MAX_BATCH_SIZE);
  const fileName = nonBlank('--file-name', args['file-name']);
  checkAccountArgs(args, io);
  const input = await checkInputFile(io, file, {
    maxBytes: MAX_INPUT_BYTES,
    what: 'a file to update from',
  });
  const dir = await checkReportFolder(io, args.report, input);
  const session = await parseFile(input);
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
      return EXIT.ok;
    }
    const result = await applyUpdate({
      dir,
      runId: cliRunId('upd'),
      connection: account.connection,
      list: basename(file),
      client: account.client,
      planned,
      skipped: preview.skippedOutcomes(),
      fileName: fileName ?? defaultFileName(basename(file), new Date()),
      batchSize: batchSize ?? MAX_BATCH_SIZE,
    });
    return report(io, await readOutcomes(result.dir), account.requests());
  } finally {
    await account.close();
  }
}

/**
 * `--report DIR` of a new update: a folder (made if needed) that holds no
 * applied run yet — its run.json, outcomes and backup are what `--retry-failed`
 * and `--revert` need — and where none of the files written is FILE itself.
 */
async function checkReportFolder(io: CliIo, typed: string, input: InputFile): Promise<string> {
  const dir = await checkOutputFolder(io, '--report', typed);
  const paths = updatePaths(dir);
  if (await isFile(paths.run)) {
    throw refuse(
      `--report ${typed} already holds an applied update (run.json): choose a new folder, or use --resume/--retry-failed/--revert on it.`,
    );
  }
  for (const path of Object.values(paths)) {
    const found = await stat(path).catch(() => null);
    if (found && found.dev === input.dev && found.ino === input.ino) {
      throw refuse(
        `${input.typed} would be overwritten by the ${basename(path)} update writes in --report ${typed}: move it out of that folder.`,
      );
    }
  }
  return dir;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function runAction(dir: string, args: UpdateArgs, io: CliIo): Promise<number> {
  const account = await cliAccount(args, io);
  try {
    // Before any request: the run belongs to its account (run-owner.ts).
    const connectionId = await runAccountId(dir, account, !!args['key-rotated'], io);
    const options = { dir, client: account.client, connectionId };
    if (args.revert !== undefined) {
      const result = await revertUpdate(options);
      print(io, {
        reverted: result.reverted,
        failed: result.failed,
        added: result.added,
        requests: account.requests(),
      });
      return result.failed > 0 ? EXIT.failed : EXIT.ok;
    }
    if (args.resume !== undefined) await resumeUpdate(options);
    else await retryFailed(options);
    return report(io, await readOutcomes(dir), account.requests());
  } finally {
    await account.close();
  }
}

/**
 * The account id to act on the run with: the key's own when it is the
 * run's; the run's when the user says the key was rotated (`--key-rotated`)
 * and origin and company match; otherwise refused, before any request.
 */
async function runAccountId(
  dir: string,
  account: CliAccount,
  keyRotated: boolean,
  io: CliIo,
): Promise<string> {
  const file = await readRunFile(dir);
  // A run whose files cannot be trusted says so first, whoever asks.
  if (file.version === 1) await verifyLegacyRun(dir, file.run);
  const { run } = file;
  if (run.connection.id === account.connection.id) return account.connection.id;
  if (!keyRotated) {
    throw refuse(
      `${dir} is an update of another account (${run.connection.label}) than this key's: nothing was sent. Use that account's key; if it is the same account with a new key, add --key-rotated.`,
    );
  }
  const why = rotatedKeyRefusal(run.connection, account.connection);
  if (why) {
    throw refuse(`--key-rotated cannot be taken for ${dir}: ${why}. Nothing was sent.`);
  }
  io.stderr.write(
    `prospect-desk update: taking this key as a new key of ${run.connection.label}, as --key-rotated says.\n`,
  );
  return run.connection.id;
}

function report(io: CliIo, outcomes: readonly RowOutcome[], requests: number): number {
  const counts = countOutcomes(outcomes);
  const notCleared = outcomes.filter((o) => o.code === NOT_CLEARED).length;
  print(io, { ...counts, requests, ...(notCleared > 0 && { notCleared }) });
  return counts.failed + counts.unknown > 0 ? EXIT.failed : EXIT.ok;
}

function print(io: CliIo, summary: Record<string, number>): void {
  io.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function parseFile(input: InputFile): Promise<ImportSession> {
  const session = ImportSession.start(createReadStream(input.path, { highWaterMark: 4 << 20 }), {
    fileName: basename(input.path),
    totalBytes: input.size,
  });
  await session.done.catch((error: unknown) => {
    throw refuse(`${input.typed}: ${error instanceof Error ? error.message : String(error)}`);
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
