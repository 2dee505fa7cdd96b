import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import { AppError } from '../app-error';
import { backupPaths } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import { withRunChange } from '../api/http/account-queue';
import { holdDriftedRows } from './preview-drift';
import { countOutcomes, notClearedCount, RunSession } from './run-session';
import type { OutcomeCounts, RunIo } from './run-session';
import { updatePaths, writeJsonLines, writeRun } from './update-files';
import type { RunConnection, UpdateRun } from './update-files';

export { CANCELLED_CODE, countOutcomes } from './run-session';

export interface SendRowsOptions {
  client: WoodpeckerV1Client;
  fileName: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
}

export interface ApplyUpdateOptions extends SendRowsOptions {
  /** The run's folder (created if needed). */
  dir: string;
  runId: string;
  connection: RunConnection;
  list: string;
  /** The rows to send (the preview's included new and changed rows). */
  planned: readonly PlannedRow[];
  /** Outcomes of the rows not sent (unchanged, excluded, invalid, duplicate). */
  skipped: readonly RowOutcome[];
  onPhase?: (phase: 'backup' | 'send') => void;
  /** Crash points, for the fault-injection tests (RunIo.checkpoint). */
  checkpoint?: RunIo['checkpoint'];
}

export interface ApplyUpdateResult {
  runId: string;
  dir: string;
  counts: OutcomeCounts;
  /** Updated rows whose emptied fields Woodpecker kept (verify-clears.ts). */
  notCleared: number;
  requests: number;
  backupCount: number;
  files: { success: string; errors: string; backup: string };
}

/**
 * Applies an update: the prospects about to change are read fresh and backed
 * up (verified from disk) before the first update request — nothing is sent
 * if that fails — rows whose prospect changed since the preview are held
 * back, then the rest are sent, each batch journaled intent → sent → outcome
 * (run.journal) so a killed apply can be resumed (resume-update.ts), and
 * every list row ends with one outcome, in `outcomes.jsonl` and in
 * success.csv or errors.csv, rebuilt from the journal. Rows that emptied
 * fields are read back afterwards (verify-clears.ts).
 */
export async function applyUpdate(options: ApplyUpdateOptions): Promise<ApplyUpdateResult> {
  await mkdir(options.dir, { recursive: true });
  return withRunChange(
    updatePaths(options.dir).lock,
    `Update run ${options.runId}`,
    options.client.accountKey,
    options.signal,
    (signal) => applyLocked({ ...options, signal }),
  );
}

async function applyLocked(options: ApplyUpdateOptions): Promise<ApplyUpdateResult> {
  const { dir, runId, client, planned, signal } = options;
  const paths = updatePaths(dir);
  for (const path of [paths.run, paths.journal]) {
    if (await exists(path)) {
      throw new AppError(
        'conflict',
        `${dir} already holds an update run (${basename(path)}): apply into a new folder, or resume that run.`,
      );
    }
  }

  options.onPhase?.('backup');
  // Every planned email, new rows too: one that exists by now (the preview's
  // snapshot was older) is held back below, and backed up like the rest.
  // By email the fresh read lists the whole account, so this costs no request.
  // The same read shows which rows changed since the preview (preview-drift.ts).
  const read = await readProspectsFresh(
    client,
    { emails: planned.map((r) => r.update.email) },
    signal ? { signal } : {},
  );
  const records = [...read.found.values()];
  const ids = records.map((r) => String(r.prospect.id));
  await writeBackup({
    dir,
    runId,
    connection: {
      id: options.connection.id,
      label: options.connection.label,
      kind: options.connection.kind,
    },
    records: records.map((r) => r.raw),
    expectedIds: ids,
  });
  await verifyBackup({ dir, runId, expectedIds: ids, connectionId: options.connection.id });
  signal?.throwIfAborted();

  const run: UpdateRun = {
    version: 2,
    runId,
    createdAt: new Date().toISOString(),
    connection: options.connection,
    list: options.list,
    fileName: options.fileName,
    batchSize: options.batchSize ?? 20_000,
    backupCount: ids.length,
    backup: basename(backupPaths(dir, runId).manifest),
    planned: await writeJsonLines(paths.planned, planned),
    skipped: await writeJsonLines(paths.skipped, options.skipped),
    requests: read.requests,
  };
  // From here the run exists: a kill leaves something `--resume` continues.
  await writeRun(dir, run);
  await options.checkpoint?.('run');

  const session = await RunSession.create(dir, run, planned, options.skipped, {
    client,
    ...(signal && { signal }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.checkpoint && { checkpoint: options.checkpoint }),
  });
  try {
    options.onPhase?.('send');
    await session.hold(holdDriftedRows(planned, read.found).held);
    await continueApply(session);
    const outcomes = await session.writeFiles();
    return runResult(session, outcomes, read.requests + session.requests);
  } finally {
    await session.close();
  }
}

/**
 * The rest of an apply, from wherever its journal stopped: the drift check
 * (done again from the backup if it was never journaled), then every row
 * not sent yet, the emptied fields checked, and the apply's end.
 */
export async function continueApply(session: RunSession): Promise<void> {
  await session.ensureHeld();
  const { cancelled } = await session.send(session.rowsLeftToApply(), 'apply');
  await session.checkClears();
  await session.end('apply', cancelled ? 'cancelled' : 'finished');
}

/** What an apply or resume reports. */
export function runResult(
  session: RunSession,
  outcomes: readonly RowOutcome[],
  requests: number,
): ApplyUpdateResult {
  const run = session.runInfo;
  const paths = updatePaths(session.dir);
  return {
    runId: run.runId,
    dir: session.dir,
    counts: countOutcomes(outcomes),
    notCleared: notClearedCount(outcomes),
    requests,
    backupCount: run.backupCount,
    files: {
      success: paths.success,
      errors: paths.errors,
      backup: join(session.dir, `${run.runId}.jsonl`),
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
