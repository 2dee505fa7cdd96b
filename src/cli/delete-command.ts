import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../main/app-error';
import { readDeleteTargets } from '../main/delete/target-file';
import { executeProspectDelete } from '../main/delete/v1-execute';
import type { ProspectDeleteResult } from '../main/delete/v1-execute';
import { prepareProspectDelete } from '../main/delete/v1-prepare';
import type { PreparedProspectDelete } from '../main/delete/v1-prepare';
import type { AccountArgs } from './account-from-args';
import { backupDirFrom, cliRunId, cliAccount, parseCampaigns } from './cli-account';
import type { CliAccount } from './cli-account';
import type { CliIo } from './io';

export const DELETE_USAGE = `  backup FILE --backup-dir DIR (--key-env VAR [--base-url ORIGIN] | --connection NAME) [--campaigns IDS]
      Read the targets named in FILE (a column "id" or "email") fresh from the account and
      write a verified backup (JSONL + CSV + manifest) to DIR. Deletes nothing.
  delete FILE --backup-dir DIR (--key-env VAR [--base-url ORIGIN] | --connection NAME)
         [--campaigns IDS] (--dry-run | --yes --confirm N)
      Back up the targets, then delete them (or, with --campaigns, only remove them from those
      campaigns). --dry-run prints every request that would be sent; --confirm N must equal the
      number of prospects backed up. Every request passes the backup gate and a journal.
  delete --resume RUN --backup-dir DIR (--key-env VAR … | --connection NAME) --yes --confirm N
      Continue an interrupted run from its journal (unknown outcomes are checked first).
      Prints {"targets","backedUp","deleted","notFound","failed","unknown","requests","backup"};
      exits 1 while anything is unresolved.`;

export interface DeleteArgs extends AccountArgs {
  'backup-dir'?: string;
  campaigns?: string;
  'dry-run'?: boolean;
  yes?: boolean;
  confirm?: string;
  resume?: string;
}

/** `prospect-desk backup FILE`: the backup half of a delete, alone. */
export async function backupCommand(
  file: string | undefined,
  args: DeleteArgs,
  io: CliIo,
): Promise<number> {
  const dir = backupDirFrom(args, io);
  const targets = await targetsFrom(file, io);
  const account = await cliAccount(args, io);
  try {
    const prepared = await prepare(account, dir, targets, args);
    io.stdout.write(
      `${JSON.stringify({ ...preparedSummary(prepared), requests: account.requests() })}\n`,
    );
    return 0;
  } finally {
    await account.close();
  }
}

/** `prospect-desk delete FILE` or `delete --resume RUN`. */
export async function deleteCommand(
  file: string | undefined,
  args: DeleteArgs,
  io: CliIo,
): Promise<number> {
  const dir = backupDirFrom(args, io);
  if (args.resume !== undefined && file !== undefined) {
    throw new AppError('validation', 'Give either FILE or --resume RUN, not both.');
  }
  if (args['dry-run'] && (args.yes || args.confirm !== undefined)) {
    throw new AppError('validation', 'Use either --dry-run or --yes --confirm N.');
  }
  if (!args['dry-run'] && !(args.yes && args.confirm !== undefined)) {
    throw new AppError(
      'validation',
      'Deleting needs --yes --confirm N (or --dry-run to see the plan).',
    );
  }
  const confirm = args.confirm === undefined ? undefined : Number(args.confirm);
  if (confirm !== undefined && !(Number.isInteger(confirm) && confirm >= 0)) {
    throw new AppError('validation', '--confirm takes the number of prospects to delete.');
  }
  const targets = args.resume === undefined ? await targetsFrom(file, io) : undefined;
  const account = await cliAccount(args, io);
  try {
    let runId = args.resume;
    if (targets) {
      const prepared = await prepare(account, dir, targets, args);
      runId = prepared.plan.runId;
      if (args['dry-run']) {
        for (const request of prepared.requests) {
          io.stderr.write(`${request.method} ${request.url}\n`);
        }
        io.stdout.write(
          `${JSON.stringify({ ...preparedSummary(prepared), deleted: 0, dryRun: true, plannedRequests: prepared.requests.length, requests: account.requests() })}\n`,
        );
        return 0;
      }
    } else if (args['dry-run']) {
      throw new AppError('validation', '--dry-run plans a new run: give FILE.');
    }
    const result = await executeProspectDelete({
      dir,
      runId: runId!,
      connectionId: account.connection.id,
      client: account.client,
      confirmCount: confirm!,
    });
    io.stdout.write(`${JSON.stringify(resultSummary(result, account.requests()))}\n`);
    if (result.message) io.stderr.write(`${result.message}\n`);
    const unresolved = result.failed + result.unknown + result.pending;
    if (unresolved > 0)
      io.stderr.write(
        `${unresolved} prospect(s) unresolved: run again with --resume ${result.runId}.\n`,
      );
    return unresolved > 0 ? 1 : 0;
  } finally {
    await account.close();
  }
}

async function targetsFrom(file: string | undefined, io: CliIo) {
  if (!file) throw new AppError('validation', 'Name the file listing the targets.');
  const path = resolve(io.cwd, file);
  try {
    return await readDeleteTargets(createReadStream(path, { highWaterMark: 4 << 20 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', `Cannot read ${file}: no such file.`);
    }
    throw error;
  }
}

async function prepare(
  account: CliAccount,
  dir: string,
  targets: Awaited<ReturnType<typeof targetsFrom>>,
  args: DeleteArgs,
): Promise<PreparedProspectDelete> {
  const campaignIds = parseCampaigns(args.campaigns);
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
  return {
    runId: prepared.plan.runId,
    targets: prepared.plan.targets,
    backedUp: prepared.plan.ids.length,
    notFound: prepared.plan.notFound.length,
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
    failed: result.failed,
    unknown: result.unknown,
    pending: result.pending,
    requests,
    backup: result.backup,
  };
}
