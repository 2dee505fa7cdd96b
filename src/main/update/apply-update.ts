import { mkdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { planUpdateBatches } from '../../shared/update/update-plan';
import { reconcileOutcomes, resultFiles } from '../../shared/update/update-results';
import type { PlannedRow, RowOutcome, UpdateAnswer } from '../../shared/update/update-types';
import { ApiError } from '../api/http/api-error';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import { backupPaths } from '../backup/backup-manifest';
import type { BackupConnection } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import { writeFileDurably } from '../store/atomic-write';
import { readBack } from './read-back';
import { holdDriftedRows } from './preview-drift';
import { verifyClears } from './verify-clears';
import { updatePaths, writeJsonLines, writeRun } from './update-files';
import type { UpdateRun } from './update-files';

export const CANCELLED_CODE = 'CANCELLED';

export interface SendRowsOptions {
  client: WoodpeckerV1Client;
  rows: readonly PlannedRow[];
  fileName: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
}

/**
 * Sends rows with `add_prospects_list` (`update: true`) in batches through
 * the account's queue and returns exactly one outcome per row. Cancel stops
 * before the next batch (the one in flight finishes); rows not sent fail
 * with CANCELLED. A batch whose answer was lost is read back, never resent.
 */
export async function sendRows(
  options: SendRowsOptions,
): Promise<{ outcomes: RowOutcome[]; requests: number }> {
  const { client, rows, signal } = options;
  const batches = planUpdateBatches(rows, {
    fileName: options.fileName,
    ...(options.batchSize && { batchSize: options.batchSize }),
  });
  const outcomes: RowOutcome[] = [];
  let requests = 0;
  for (const batch of batches) {
    if (signal?.aborted) {
      for (const row of batch.rows) outcomes.push(cancelled(row));
      continue;
    }
    const answer = await send(client, batch.prospects, batch.fileName);
    requests++;
    let settled = reconcileOutcomes(batch.rows, answer);
    if ('unknown' in answer) {
      try {
        const back = await readBack(client, batch.rows);
        requests += back.requests;
        settled = back.outcomes;
      } catch {
        // The read failed too: the rows stay unknown, and say so.
      }
    }
    outcomes.push(...settled);
    options.onProgress?.({ done: outcomes.length, total: rows.length, requests });
  }
  return { outcomes, requests };
}

async function send(
  client: WoodpeckerV1Client,
  prospects: readonly PlannedRow['update'][],
  fileName: string,
): Promise<UpdateAnswer> {
  try {
    // No signal: a request in flight is let finish so its outcome is known.
    return await client.updateProspects({ prospects, fileName });
  } catch (error) {
    if (error instanceof ApiError && !error.outcomeUnknown) {
      return { error: { code: error.vendorCode ?? error.code, message: error.message } };
    }
    return { unknown: true, message: error instanceof Error ? error.message : String(error) };
  }
}

function cancelled(row: PlannedRow): RowOutcome {
  return {
    row: row.row,
    email: row.email,
    prospectId: row.prospectId,
    outcome: 'failed',
    code: CANCELLED_CODE,
    message: 'Cancelled before it was sent; retry failed rows to send it.',
  };
}

export interface ApplyUpdateOptions extends Omit<SendRowsOptions, 'rows'> {
  /** The run's folder (created if needed). */
  dir: string;
  runId: string;
  connection: BackupConnection & { companyId?: number };
  list: string;
  /** The rows to send (the preview's included new and changed rows). */
  planned: readonly PlannedRow[];
  /** Outcomes of the rows not sent (unchanged, excluded, invalid, duplicate). */
  skipped: readonly RowOutcome[];
  onPhase?: (phase: 'backup' | 'send') => void;
}

export interface ApplyUpdateResult {
  runId: string;
  dir: string;
  counts: Record<'added' | 'updated' | 'unchanged' | 'invalid' | 'failed' | 'unknown', number>;
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
 * back, then the rest are sent, and every list row ends with one
 * outcome, in `outcomes.jsonl` and in success.csv or errors.csv. Rows that
 * emptied fields are read back afterwards (verify-clears.ts).
 */
export async function applyUpdate(options: ApplyUpdateOptions): Promise<ApplyUpdateResult> {
  const { dir, runId, client, planned, signal } = options;
  await mkdir(dir, { recursive: true });
  const paths = updatePaths(dir);

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
  const manifest = await writeBackup({
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
    version: 1,
    runId,
    createdAt: new Date().toISOString(),
    connection: options.connection,
    list: options.list,
    fileName: options.fileName,
    batchSize: options.batchSize ?? 20_000,
    backupCount: ids.length,
    backup: basename(backupPaths(dir, runId).manifest),
    plannedCount: planned.length,
    requests: read.requests,
  };
  await writeJsonLines(paths.planned, planned);
  await writeRun(dir, run);

  options.onPhase?.('send');
  const { send, held } = holdDriftedRows(planned, read.found);
  const sent = await sendRows({ ...options, rows: send });
  const verified = await verifyClears(client, send, sent.outcomes);
  const outcomes = [...options.skipped, ...held, ...verified.outcomes].sort(
    (a, b) => a.row - b.row,
  );
  await writeOutcomes(dir, outcomes);
  const counts = countOutcomes(outcomes);
  const requests = run.requests + sent.requests + verified.requests;
  await writeRun(dir, { ...run, requests, counts });
  return {
    runId,
    dir,
    counts,
    notCleared: verified.notCleared,
    requests,
    backupCount: ids.length,
    files: { success: paths.success, errors: paths.errors, backup: `${dir}/${manifest.jsonlFile}` },
  };
}

/** outcomes.jsonl plus the two result files (resultFiles proves no row is in both). */
export async function writeOutcomes(dir: string, outcomes: readonly RowOutcome[]): Promise<void> {
  const paths = updatePaths(dir);
  const files = resultFiles(outcomes);
  await writeJsonLines(paths.outcomes, outcomes);
  await writeFileDurably(paths.success, files.success);
  await writeFileDurably(paths.errors, files.errors);
}

/** Codes of rows the preview never sent (the list marks them invalid or duplicate). */
const NOT_SENDABLE = new Set(['INVALID_ROW', 'DUPLICATE_ROW']);

/**
 * Outcome counts; `invalid` are the list's invalid and duplicate rows (never
 * sent), so `failed` counts only rows Woodpecker refused — the ones a retry sends.
 */
export function countOutcomes(outcomes: readonly RowOutcome[]): ApplyUpdateResult['counts'] {
  const counts = { added: 0, updated: 0, unchanged: 0, invalid: 0, failed: 0, unknown: 0 };
  for (const o of outcomes) {
    if (o.outcome === 'failed' && NOT_SENDABLE.has(o.code ?? '')) counts.invalid++;
    else counts[o.outcome]++;
  }
  return counts;
}
