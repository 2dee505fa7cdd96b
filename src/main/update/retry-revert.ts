import { emailKey } from '../../shared/import/normalise-cell';
import type { ProspectField } from '../../shared/import/prospect-fields';
import type { Prospect, WritableProspectField } from '../../shared/prospect';
import { sameValue } from '../../shared/update/diff-row';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import { revertPayloads } from '../../shared/update/update-plan';
import { resultFiles, retryRows } from '../../shared/update/update-results';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { toProspect } from '../api/woodpecker-v1/map';
import { WoodpeckerProspectWire } from '../api/woodpecker-v1/schemas';
import { AppError } from '../app-error';
import { verifyBackupForRestore } from '../backup/backup-verifier';
import { fileLines, parseObjectLine } from '../backup/file-lines';
import { writeFileDurably } from '../store/atomic-write';
import { countOutcomes, sendRows, writeOutcomes } from './apply-update';
import type { ApplyUpdateResult } from './apply-update';
import { readBack } from './read-back';
import { verifyClears } from './verify-clears';
import { readOutcomes, readPlanned, readRun, updatePaths, writeRun } from './update-files';

interface RunActionOptions {
  dir: string;
  client: WoodpeckerV1Client;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
}

/**
 * Sends again exactly the rows of an earlier run whose outcome is 'failed',
 * and merges the new outcomes into the run's files, so each row still has
 * exactly one. Rows still 'unknown' (their read-back failed during the run)
 * are read back first, never resent blindly: applied ones become
 * updated/added, the others fail with NOT_APPLIED and are sent with the rest.
 */
export async function retryFailed(options: RunActionOptions): Promise<{
  retried: number;
  reconciled: number;
  counts: ApplyUpdateResult['counts'];
  requests: number;
}> {
  const { dir, client, signal } = options;
  const run = await readRun(dir);
  const planned = await readPlanned(dir);
  let outcomes = await readOutcomes(dir);
  let requests = 0;
  let reconciled = 0;
  const unknownRows = new Set(outcomes.filter((o) => o.outcome === 'unknown').map((o) => o.row));
  if (unknownRows.size > 0) {
    try {
      const back = await readBack(
        client,
        planned.filter((p) => unknownRows.has(p.row)),
        signal,
      );
      requests += back.requests;
      reconciled = back.outcomes.length;
      outcomes = merge(outcomes, back.outcomes);
    } catch (error) {
      // Still no way to know: those rows stay unknown and are not sent.
      if (signal?.aborted) throw error;
    }
  }
  const rows = retryRows(outcomes, planned);
  if (rows.length > 0) {
    const sent = await sendRows({
      ...options,
      rows,
      fileName: run.fileName,
      batchSize: run.batchSize,
    });
    const verified = await verifyClears(client, rows, sent.outcomes);
    requests += sent.requests + verified.requests;
    outcomes = merge(outcomes, verified.outcomes);
  }
  const counts = countOutcomes(outcomes);
  if (requests > 0) {
    await writeOutcomes(dir, outcomes);
    await writeRun(dir, { ...run, requests: run.requests + requests, counts });
  }
  return { retried: rows.length, reconciled, counts, requests };
}

/** The run's outcomes with some rows' outcomes replaced (one per row, always). */
function merge(outcomes: readonly RowOutcome[], newer: readonly RowOutcome[]): RowOutcome[] {
  const byRow = new Map(newer.map((o) => [o.row, o]));
  return outcomes.map((o) => byRow.get(o.row) ?? o);
}

export interface RevertResult {
  reverted: number;
  failed: number;
  /** Rows the update added: undoing an add is a delete, which a revert never does. */
  added: number;
  requests: number;
  files: { success: string; errors: string };
}

/**
 * Puts back the values the pre-update backup holds, for exactly the fields
 * each updated row changed. The backup is verified from disk first. Added
 * prospects are left in place and counted.
 *
 * The prospects are read fresh before anything is sent, and a row is only
 * reverted while every field it changed still holds the value the update
 * sent: a later edit (by a colleague, a campaign, another import) is kept
 * and the row reported, and a prospect deleted since is not re-created
 * (`add_prospects_list` would add it back). A failed read reverts nothing.
 */
export async function revertUpdate(options: RunActionOptions): Promise<RevertResult> {
  const { dir, client, signal } = options;
  const run = await readRun(dir);
  const [planned, outcomes] = await Promise.all([readPlanned(dir), readOutcomes(dir)]);
  const backup = await readBackupProspects(dir, run.runId, run.connection.id);
  const updatedRows = new Set(outcomes.filter((o) => o.outcome === 'updated').map((o) => o.row));
  const addedRows = outcomes.filter((o) => o.outcome === 'added').length;
  const changed = planned.filter((p) => updatedRows.has(p.row));
  const plan = revertPayloads(backup, changed);
  const rowsByEmail = new Map(changed.map((p) => [emailKey(p.update.email), p]));
  const current = await readProspectsFresh(
    client,
    { emails: plan.updates.map((u) => u.email) },
    signal ? { signal } : {},
  );
  const revertRows: PlannedRow[] = [];
  const notReverted: RowOutcome[] = plan.notInBackup.map((row) =>
    failedRow(row, 'NOT_IN_BACKUP', 'The backup has no earlier values for this prospect.'),
  );
  for (const update of plan.updates) {
    const row = rowsByEmail.get(emailKey(update.email))!;
    const now = current.found.get(update.email.trim().toLowerCase())?.prospect;
    const edited = now && editedSince(row, now);
    if (!now) {
      notReverted.push(
        failedRow(row, 'NOT_FOUND', 'The prospect no longer exists: not re-created.'),
      );
    } else if (edited && edited.length > 0) {
      notReverted.push(
        failedRow(
          row,
          'EDITED_SINCE',
          `Changed after the update (${edited.join(', ')}): not reverted, to keep that change.`,
        ),
      );
    } else {
      revertRows.push({ ...row, update });
    }
  }
  const sent = await sendRows({
    ...options,
    rows: revertRows,
    fileName: run.fileName,
    batchSize: run.batchSize,
  });
  const all = [...sent.outcomes, ...notReverted].sort((a, b) => a.row - b.row);
  const files = resultFiles(all);
  const paths = updatePaths(dir);
  await writeFileDurably(paths.revertSuccess, files.success);
  await writeFileDurably(paths.revertErrors, files.errors);
  await writeRun(dir, {
    ...run,
    reverted: true,
    requests: run.requests + current.requests + sent.requests,
  });
  return {
    reverted: files.successCount,
    failed: files.errorCount,
    added: addedRows,
    requests: current.requests + sent.requests,
    files: { success: paths.revertSuccess, errors: paths.revertErrors },
  };
}

/** The fields of `row`'s update that no longer hold the value it sent. */
function editedSince(row: PlannedRow, now: Prospect): string[] {
  const edited: string[] = [];
  for (const [field, sent] of Object.entries(row.update)) {
    if (field === 'email') continue;
    const value = (now[field as WritableProspectField] as string | undefined) ?? '';
    if (!sameValue(field as ProspectField, value, sent ?? '')) edited.push(field);
  }
  return edited;
}

function failedRow(row: PlannedRow, code: string, message: string): RowOutcome {
  return {
    row: row.row,
    email: row.email,
    prospectId: row.prospectId,
    outcome: 'failed',
    code,
    message,
  };
}

/** The verified pre-update backup, as prospects by lowercase email. */
async function readBackupProspects(
  dir: string,
  runId: string,
  connectionId: string,
): Promise<Map<string, Prospect>> {
  const backup = await verifyBackupForRestore({ dir, runId, connectionId });
  const prospects = new Map<string, Prospect>();
  for await (const line of fileLines(backup.paths.jsonl)) {
    const record = parseObjectLine(line.bytes);
    if (!record) throw new AppError('conflict', `The backup of run ${runId} is damaged.`);
    const prospect = toProspect(WoodpeckerProspectWire.parse(record));
    prospects.set(prospect.email.toLowerCase(), prospect);
  }
  return prospects;
}
