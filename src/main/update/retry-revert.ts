import { emailKey } from '../../shared/import/normalise-cell';
import type { ProspectField } from '../../shared/import/prospect-fields';
import type { Prospect, WritableProspectField } from '../../shared/prospect';
import { sameValue } from '../../shared/update/diff-row';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import { revertPayloads } from '../../shared/update/update-plan';
import { resultFiles, retryRows } from '../../shared/update/update-results';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { writeFileDurably } from '../store/atomic-write';
import { withRunChange } from '../api/http/account-queue';
import type { ApplyUpdateResult } from './apply-update';
import { backupProspectsByEmail, countOutcomes, RunSession, sendRowsOnce } from './run-session';
import type { RunIo } from './run-session';
import { updatePaths } from './update-files';

export interface RunActionOptions {
  dir: string;
  client: WoodpeckerV1Client;
  /**
   * The account the caller holds a key for: the run's own, or nothing is
   * done (run-owner.ts). The app passes the run's connection; the CLI the
   * id of the key it was given.
   */
  connectionId: string;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
  /** Crash points, for the fault-injection tests (RunIo.checkpoint). */
  checkpoint?: RunIo['checkpoint'];
}

/** Opens the run for one execution under its lock, and closes it after. */
export function withRunSession<T>(
  options: RunActionOptions,
  fn: (session: RunSession) => Promise<T>,
): Promise<T> {
  return withRunChange(
    updatePaths(options.dir).lock,
    'This update run',
    options.client.accountKey,
    options.signal,
    async (signal) => {
      const session = await RunSession.open(
        options.dir,
        {
          client: options.client,
          signal,
          ...(options.onProgress && { onProgress: options.onProgress }),
          ...(options.checkpoint && { checkpoint: options.checkpoint }),
        },
        options.connectionId,
      );
      try {
        return await fn(session);
      } finally {
        await session.close();
      }
    },
  );
}

export interface RetryResult {
  retried: number;
  reconciled: number;
  counts: ApplyUpdateResult['counts'];
  requests: number;
}

/**
 * Sends again exactly the rows of an earlier run whose outcome is 'failed'
 * (refused, cancelled, proven not applied, or not sent yet by an interrupted
 * apply), journaled like an apply, and rebuilds the run's files, so each row
 * still has exactly one outcome. First, batches a killed execution left open
 * are settled by reading back, and rows still 'unknown' are read back again:
 * never resent blindly, and emptied fields whose check could not read the
 * account are checked again. Rows held back as changed since the preview are
 * not sent.
 */
export async function retryFailed(options: RunActionOptions): Promise<RetryResult> {
  return withRunSession(options, async (session) => {
    const settled = await session.settleOpenBatches();
    const interrupted = session.applyEnd() === null;
    if (interrupted) await session.ensureHeld();
    const reconciled = settled + (await session.readBackUnknownRows());
    const rows = retryRows(session.outcomes(), session.sendable());
    let cancelled = false;
    if (rows.length > 0) ({ cancelled } = await session.send(rows, 'retry'));
    await session.checkClears({ recheck: true });
    if (session.changed) {
      if (interrupted && !cancelled) await session.end('apply', 'finished');
      await session.end('retry', cancelled ? 'cancelled' : 'finished');
    }
    // Rebuilt even when nothing was sent: an execution killed before its
    // rebuild leaves the files behind the journal.
    const outcomes = await session.writeFiles();
    return {
      retried: rows.length,
      reconciled,
      counts: countOutcomes(outcomes),
      requests: session.requests,
    };
  });
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
 * each row the journal says was updated changed — on a partly applied run
 * too (batches left open are read back first; rows never sent are not
 * touched, and the interrupted apply is closed as cancelled so no resume
 * sends them after the revert). The backup is verified from disk first.
 * Added prospects are left in place and counted.
 *
 * The prospects are read fresh before anything is sent, and a row is only
 * reverted while every field it changed still holds the value the update
 * sent: a later edit (by a colleague, a campaign, another import) is kept
 * and the row reported, and a prospect deleted since is not re-created
 * (`add_prospects_list` would add it back). A row already holding the
 * backed-up values (a revert killed half way) counts as reverted, unsent.
 * A failed read reverts nothing.
 */
export async function revertUpdate(options: RunActionOptions): Promise<RevertResult> {
  return withRunSession(options, (session) => revertLocked(session, options));
}

async function revertLocked(session: RunSession, options: RunActionOptions): Promise<RevertResult> {
  const { dir, client } = options;
  const run = session.runInfo;
  await session.settleOpenBatches();
  if (session.applyEnd() === null) await session.end('apply', 'cancelled');
  const outcomes = session.outcomes();
  const backup = await backupProspectsByEmail(dir, run);
  const updatedRows = new Set(outcomes.filter((o) => o.outcome === 'updated').map((o) => o.row));
  const addedRows = outcomes.filter((o) => o.outcome === 'added').length;
  const changed = session.planned.filter((p) => updatedRows.has(p.row));
  const plan = revertPayloads(backup, changed);
  const rowsByEmail = new Map(changed.map((p) => [emailKey(p.update.email), p]));
  const current = await readProspectsFresh(
    client,
    { emails: plan.updates.map((u) => u.email) },
    options.signal ? { signal: options.signal } : {},
  );
  session.count(current.requests);
  const revertRows: PlannedRow[] = [];
  const done: RowOutcome[] = [];
  const notReverted: RowOutcome[] = plan.notInBackup.map((row) =>
    failedRow(row, 'NOT_IN_BACKUP', 'The backup has no earlier values for this prospect.'),
  );
  for (const update of plan.updates) {
    const row = rowsByEmail.get(emailKey(update.email))!;
    const now = current.found.get(update.email.trim().toLowerCase())?.prospect;
    if (!now) {
      notReverted.push(
        failedRow(row, 'NOT_FOUND', 'The prospect no longer exists: not re-created.'),
      );
      continue;
    }
    if (editedSince({ ...row, update }, now).length === 0) {
      done.push({
        row: row.row,
        email: row.email,
        prospectId: now.id,
        outcome: 'updated',
        code: ALREADY_REVERTED,
        message: 'Already holds the backed-up values: nothing sent.',
      });
      continue;
    }
    const edited = editedSince(row, now);
    if (edited.length > 0) {
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
  const sent = await sendRowsOnce({
    client,
    rows: revertRows,
    fileName: run.fileName,
    batchSize: run.batchSize,
    ...(options.signal && { signal: options.signal }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  session.count(sent.requests);
  const all = [...sent.outcomes, ...done, ...notReverted].sort((a, b) => a.row - b.row);
  const files = resultFiles(all);
  const paths = updatePaths(dir);
  await writeFileDurably(paths.revertSuccess, files.success);
  await writeFileDurably(paths.revertErrors, files.errors);
  await session.writeFiles({ reverted: true });
  return {
    reverted: files.successCount,
    failed: files.errorCount,
    added: addedRows,
    requests: current.requests + sent.requests,
    files: { success: paths.revertSuccess, errors: paths.revertErrors },
  };
}

/** A revert row whose prospect already holds the backed-up values. */
export const ALREADY_REVERTED = 'ALREADY_REVERTED';

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
