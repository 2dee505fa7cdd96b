import { createReadStream } from 'node:fs';
import { AppError } from '../main/app-error';
import { isValidRunId } from '../main/backup/backup-manifest';
import { runPaths } from '../main/delete/run-files';
import { readDeleteTargets } from '../main/delete/target-file';
import type { DeleteTargets } from '../main/delete/target-file';
import { executeProspectDelete } from '../main/delete/v1-execute';
import type { ProspectDeleteResult } from '../main/delete/v1-execute';
import { readPlan } from '../main/delete/v1-plan';
import { prepareProspectDelete } from '../main/delete/v1-prepare';
import type { PreparedProspectDelete } from '../main/delete/v1-prepare';
import { checkAccountArgs } from './account-from-args';
import type { AccountArgs } from './account-from-args';
import { cliRunId, cliAccount } from './cli-account';
import { runAccountId } from './run-account';
import type { CliAccount } from './cli-account';
import { EXIT } from './cli-errors';
import { describeRun, interruptedRuns } from './interrupted-runs';
import type { CliIo } from './io';
import {
  checkExistingFolder,
  checkInputFile,
  checkOutputFolder,
  exists,
  idList,
  MiB,
  shown,
  wholeNumber,
} from './preflight';

export const DELETE_USAGE = `  backup FILE --backup-dir DIR (--key-env VAR [--base-url ORIGIN] | --connection NAME) [--campaigns IDS]
      Read the targets named in FILE (a column "id" or "email") fresh from the account and
      write a verified backup (JSONL + CSV + manifest) to DIR. Deletes nothing.
  delete FILE --backup-dir DIR (--key-env VAR [--base-url ORIGIN] | --connection NAME)
         [--campaigns IDS] (--dry-run | --yes --confirm N)
      Back up the targets, then delete them (or, with --campaigns, only remove them from those
      campaigns). --dry-run prints every request that would be sent; --confirm N must equal the
      number of prospects backed up. Every request passes the backup gate and a journal.
  delete --resume [RUN] --backup-dir DIR (--key-env VAR … | --connection NAME) --yes --confirm N
         [--key-rotated]
      Continue an interrupted run from its journal (unknown outcomes are checked first).
      Without RUN: the one interrupted run of this account in DIR (several are listed).
      Before any request the plan must be the one sealed with its backup and the journal
      intact (a torn last line is dropped); a run of another account is refused, and
      --key-rotated RUN takes a new key of the same account (same --base-url and
      --company-id; your word for the rest).
      Prints {"targets","backedUp","deleted","notFound","failed","unknown","requests","backup"}
      (with --campaigns also "notInCampaigns": prospects in none of them, never sent);
      exits 1 while anything is unresolved.`;

export interface DeleteArgs extends AccountArgs {
  'backup-dir'?: string;
  campaigns?: string;
  'dry-run'?: boolean;
  yes?: boolean;
  confirm?: string;
  /** A run id; '' (`--resume` alone) asks for the account's one interrupted run. */
  resume?: string;
  /** With `--resume RUN`: this key is a new key of the run's account. */
  'key-rotated'?: boolean;
}

/** A targets file names ids or emails, ~30 bytes a line: 256 MB is millions of targets. */
const MAX_TARGETS_BYTES = 256 * MiB;

const refuse = (message: string) => new AppError('validation', message);

/** `prospect-desk backup FILE`: the backup half of a delete, alone. */
export async function backupCommand(
  file: string | undefined,
  args: DeleteArgs,
  io: CliIo,
): Promise<number> {
  for (const option of ['yes', 'confirm', 'dry-run', 'resume', 'key-rotated'] as const) {
    if (args[option] !== undefined)
      throw refuse(`backup deletes nothing: --${option} belongs to delete.`);
  }
  const campaignIds = idList('--campaigns', args.campaigns);
  checkAccountArgs(args, io);
  const dir = await backupDir(args, io, 'new');
  const targets = await targetsFrom(file, io);
  const account = await cliAccount(args, io);
  try {
    const prepared = await prepare(account, dir, targets, campaignIds);
    io.stdout.write(
      `${JSON.stringify({ ...preparedSummary(prepared), requests: account.requests() })}\n`,
    );
    return EXIT.ok;
  } finally {
    await account.close();
  }
}

/**
 * `prospect-desk delete FILE` or `delete --resume [RUN]`. Every option, the
 * backup folder and the targets file are checked before the account is
 * read; the typed count is checked against the backup before any delete.
 */
export async function deleteCommand(
  file: string | undefined,
  args: DeleteArgs,
  io: CliIo,
): Promise<number> {
  const { resume } = args;
  if (resume !== undefined && file !== undefined) {
    throw refuse('Give either FILE or --resume RUN, not both.');
  }
  if (resume !== undefined && args['dry-run'])
    throw refuse('--dry-run plans a new run: give FILE.');
  if (resume !== undefined && args.campaigns !== undefined) {
    throw refuse('--campaigns is part of the run being resumed: --resume takes none.');
  }
  if (args['key-rotated'] && !resume) {
    throw refuse('--key-rotated goes with --resume RUN (name the run).');
  }
  if (args['dry-run'] && (args.yes || args.confirm !== undefined)) {
    throw refuse('Use either --dry-run or --yes --confirm N.');
  }
  const confirm = wholeNumber('--confirm', args.confirm, 1);
  const campaignIds = idList('--campaigns', args.campaigns);
  const confirmed = args.yes === true && confirm !== undefined;
  // `--resume` alone says which run needs the count once it has found it.
  if (!args['dry-run'] && !confirmed && resume !== '') {
    throw refuse('Deleting needs --yes --confirm N (or --dry-run to see the plan).');
  }
  if (resume && !isValidRunId(resume)) {
    throw refuse(
      `--resume ${shown(resume)} is not a run id (they look like del-20261123-101500-3fa2c1).`,
    );
  }
  checkAccountArgs(args, io);
  if (resume !== undefined) return resumeRun(resume, args, confirmed ? confirm : undefined, io);

  const dir = await backupDir(args, io, 'new');
  const targets = await targetsFrom(file, io);
  if (confirm !== undefined && confirm > targets.values.length) {
    throw refuse(
      `--confirm ${confirm} is more than the ${targets.values.length} target(s) ${file} names.`,
    );
  }
  const account = await cliAccount(args, io);
  try {
    const prepared = await prepare(account, dir, targets, campaignIds);
    const runId = prepared.plan.runId;
    if (args['dry-run']) {
      for (const request of prepared.requests) {
        io.stderr.write(`${request.method} ${request.url}\n`);
      }
      io.stdout.write(
        `${JSON.stringify({ ...preparedSummary(prepared), deleted: 0, dryRun: true, plannedRequests: prepared.requests.length, requests: account.requests() })}\n`,
      );
      return EXIT.ok;
    }
    checkCount(runId, prepared.plan.ids.length, confirm!, true);
    return await execute(dir, runId, confirm!, account, io);
  } finally {
    await account.close();
  }
}

async function resumeRun(
  resume: string,
  args: DeleteArgs,
  confirm: number | undefined,
  io: CliIo,
): Promise<number> {
  const dir = await backupDir(args, io, 'existing');
  const typedDir = args['backup-dir']!;
  if (resume && !(await exists(runPaths(dir, resume).plan))) {
    throw refuse(`--resume ${resume}: no such run in ${typedDir}.`);
  }
  const account = await cliAccount(args, io);
  try {
    let runId = resume;
    if (!runId) {
      const runs = await interruptedRuns(dir, account.connection.id);
      if (runs.length === 0) {
        throw refuse(
          `No interrupted delete run of this account in ${typedDir}: nothing to resume.`,
        );
      }
      if (runs.length > 1) {
        io.stderr.write(
          `prospect-desk delete: ${runs.length} interrupted delete runs of this account in ${typedDir}; name one with --resume RUN:\n`,
        );
        for (const run of runs) io.stderr.write(`${describeRun(run)}\n`);
        return EXIT.usage;
      }
      runId = runs[0]!.runId;
    }
    // Before any request: the plan is the one sealed with its backup, and the
    // run is this account's (or --key-rotated says this is its new key).
    const plan = await readPlan(runPaths(dir, runId).plan);
    const connectionId = runAccountId(
      'delete',
      runId,
      plan.connection,
      account,
      !!args['key-rotated'],
      io,
    );
    if (confirm === undefined) {
      throw refuse(
        `Resuming ${runId} needs --yes --confirm ${plan.ids.length} (the prospects it backed up).`,
      );
    }
    checkCount(runId, plan.ids.length, confirm, false);
    if (!resume)
      io.stderr.write(`Resuming ${runId}, the one interrupted delete run of this account.\n`);
    return await execute(dir, runId, confirm, account, io, connectionId);
  } finally {
    await account.close();
  }
}

/** The typed count must be the run's backed-up count (the executor checks again). */
function checkCount(runId: string, backedUp: number, confirm: number, fresh: boolean): void {
  if (confirm === backedUp) return;
  const kept = fresh
    ? ` Nothing was deleted; the backup is kept: continue with --resume ${runId} --yes --confirm ${backedUp}.`
    : '';
  throw refuse(
    `Type the number of prospects to delete (${backedUp}) to confirm; ${confirm} does not match.${kept}`,
  );
}

async function execute(
  dir: string,
  runId: string,
  confirm: number,
  account: CliAccount,
  io: CliIo,
  connectionId = account.connection.id,
): Promise<number> {
  const result = await executeProspectDelete({
    dir,
    runId,
    connectionId,
    client: account.client,
    confirmCount: confirm,
  });
  io.stdout.write(`${JSON.stringify(resultSummary(result, account.requests()))}\n`);
  if (result.campaignIds && result.notInCampaigns > 0) {
    io.stderr.write(
      `${result.notInCampaigns} prospect(s) were in none of campaigns ${result.campaignIds.join(', ')}: not sent, not counted as removed.\n`,
    );
  }
  if (result.message) io.stderr.write(`${result.message}\n`);
  const unresolved = result.failed + result.unknown + result.pending;
  if (unresolved > 0)
    io.stderr.write(
      `${unresolved} prospect(s) unresolved: run again with --resume ${result.runId}.\n`,
    );
  return unresolved > 0 ? EXIT.failed : EXIT.ok;
}

function backupDir(args: DeleteArgs, io: CliIo, mode: 'new' | 'existing'): Promise<string> {
  const typed = args['backup-dir'];
  if (!typed) throw refuse('--backup-dir DIR is required.');
  return mode === 'new'
    ? checkOutputFolder(io, '--backup-dir', typed)
    : checkExistingFolder(io, '--backup-dir', typed);
}

async function targetsFrom(file: string | undefined, io: CliIo): Promise<DeleteTargets> {
  if (!file) throw refuse('Name the file listing the targets.');
  const input = await checkInputFile(io, file, {
    maxBytes: MAX_TARGETS_BYTES,
    what: 'a targets file',
  });
  try {
    return await readDeleteTargets(createReadStream(input.path, { highWaterMark: 4 << 20 }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation') {
      throw refuse(`${file}: ${error.message}`);
    }
    throw error;
  }
}

async function prepare(
  account: CliAccount,
  dir: string,
  targets: DeleteTargets,
  campaignIds: number[] | undefined,
): Promise<PreparedProspectDelete> {
  return prepareProspectDelete({
    dir,
    runId: cliRunId('del'),
    connection: account.connection,
    client: account.client,
    targets:
      targets.kind === 'id' ? { ids: targets.values.map(Number) } : { emails: targets.values },
    ...(campaignIds && { campaignIds }),
  });
}

function preparedSummary(prepared: PreparedProspectDelete) {
  const { plan } = prepared;
  return {
    runId: plan.runId,
    targets: plan.targets,
    backedUp: plan.ids.length,
    notFound: plan.notFound.length,
    ...(plan.campaignIds && {
      campaigns: plan.campaignIds,
      notInCampaigns: plan.notInCampaigns?.length ?? 0,
    }),
    backup: prepared.backup,
  };
}

function resultSummary(result: ProspectDeleteResult, requests: number) {
  return {
    runId: result.runId,
    state: result.state,
    targets: result.targets,
    backedUp: result.backedUp,
    deleted: result.deleted,
    notFound: result.notFound,
    // Campaign removal: `deleted` counts the prospects removed from the
    // campaigns; those in none of them were not sent and are counted here.
    ...(result.campaignIds && {
      campaigns: result.campaignIds,
      notInCampaigns: result.notInCampaigns,
    }),
    failed: result.failed,
    unknown: result.unknown,
    pending: result.pending,
    requests,
    backup: result.backup,
  };
}
