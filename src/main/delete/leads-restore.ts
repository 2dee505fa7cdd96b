import { ApiError } from '../api/http/api-error';
import type { Lead, LeadsClient } from '../api/leads/client';
import { AppError } from '../app-error';
import { withRunChange } from '../api/http/account-queue';
import { verifyBackup } from '../backup/backup-verifier';
import { ANONYMIZED_FIELDS, ARCHIVE_KEYS, metadataOf, readBackupRecords } from './leads-actions';
import type { LeadsAction } from './leads-plan';
import { readLeadsPlan } from './leads-plan';
import { leadResults } from './leads-run';
import { runPaths } from './run-files';
import { assertRunAccount } from './run-account';
import { readRunJournal } from './run-journal';

export interface RestoreLeadsOptions {
  dir: string;
  runId: string;
  /**
   * The connection the caller holds a key for: must be the run's (refused
   * before any request otherwise; run-account.ts).
   */
  connectionId: string;
  client: LeadsClient;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}

/**
 * Per lead: `restored` (PUT back and read back as backed up), `not-restorable`
 * (deleted: the API has no create endpoint), `failed`, or `skipped` (the run
 * never changed it: pending, refused, gone).
 */
export interface LeadRestore {
  id: string;
  status: 'restored' | 'not-restorable' | 'failed' | 'skipped';
  message?: string;
}

export interface LeadsRestoreResult {
  runId: string;
  action: LeadsAction;
  restored: number;
  notRestorable: number;
  failed: number;
  skipped: number;
  requests: number;
  /** The backup's JSONL: where deleted leads live on. */
  backupFile: string;
  leads: LeadRestore[];
}

/**
 * Undoes a Leads API run where the API allows it, from its verified backup:
 * archived leads get their backed-up status and metadata back (the archive
 * keys the lead did not have are sent as null: the PUT may merge `metadata`,
 * so leaving them out would leave the lead marked archived); anonymized leads
 * get their backed-up name, email and phone back. Deleted leads cannot come
 * back: the Leads API documents no create endpoint (leads-api-delete-lead.txt
 * only offers list, read, update, delete); each is reported with the backup
 * file that holds it. Leads whose outcome is unknown are restored too (the
 * PUT is idempotent). PUTs are safe to repeat, so there is no journal.
 */
export async function restoreLeads(options: RestoreLeadsOptions): Promise<LeadsRestoreResult> {
  return withRunChange(
    runPaths(options.dir, options.runId).lock,
    `Restore of run ${options.runId}`,
    options.client.accountKey,
    options.signal,
    (signal) => restoreLocked({ ...options, signal }),
  );
}

async function restoreLocked(options: RestoreLeadsOptions): Promise<LeadsRestoreResult> {
  const { dir, runId, client, signal } = options;
  const paths = runPaths(dir, runId);
  // A plan from before plans were sealed is still read: a restore only writes
  // backed-up values, into the run's own workspace. A sealed plan must be intact.
  const plan = await readLeadsPlan(paths.plan, { unsealed: 'accept' });
  // Before any request: a run is restored into its own workspace only.
  assertRunAccount(runId, plan.connection, options.connectionId);
  if (!plan.action) throw new AppError('validation', `Run ${runId} never changed any lead.`);
  const action = plan.action.kind;
  await verifyBackup({ dir, runId, expectedIds: plan.ids, connectionId: plan.connection.id });
  const records = await readBackupRecords(paths.jsonl);
  // Which leads the run changed comes from its journal: damaged, it cannot be told.
  const replay = await readRunJournal({
    paths,
    runId,
    advice: `Its backup (${paths.jsonl}) holds every lead as it was; put back by hand the ones you know were changed.`,
  });
  const statuses = leadResults(plan, replay ?? { batches: [], lastSeq: 0 });

  const result: LeadsRestoreResult = {
    runId,
    action,
    restored: 0,
    notRestorable: 0,
    failed: 0,
    skipped: 0,
    requests: 0,
    backupFile: paths.jsonl,
    leads: [],
  };
  const add = (lead: LeadRestore) => {
    result.leads.push(lead);
    if (lead.status === 'not-restorable') result.notRestorable++;
    else result[lead.status]++;
    options.onProgress?.({ done: result.leads.length, total: plan.ids.length });
  };
  for (const { id, status } of statuses) {
    if (status !== 'done' && status !== 'unknown') {
      add({ id, status: 'skipped', message: 'This run did not change it.' });
      continue;
    }
    if (action === 'delete') {
      add({
        id,
        status: 'not-restorable',
        message: `Deleted leads cannot be restored through the API (it has no create endpoint); the backup files hold them: ${paths.jsonl}`,
      });
      continue;
    }
    const backup = records.get(id);
    if (!backup) throw new AppError('conflict', `Lead ${id} is not in the backup.`);
    signal?.throwIfAborted();
    const patch = action === 'archive' ? unarchivePatch(backup) : unanonymizePatch(backup);
    try {
      result.requests++;
      const after = await client.update(id, patch, signal);
      add(matches(after, patch) ? { id, status: 'restored' } : mismatch(id));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      add({
        id,
        status: 'failed',
        message: error.httpStatus === 404 ? 'The lead no longer exists.' : error.message,
      });
      if (error.code === 'auth' || error.code === 'permission') break;
    }
  }
  return result;
}

/** Backed-up status and metadata; archive keys the lead did not have become null. */
function unarchivePatch(backup: Record<string, unknown>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...(metadataOf(backup) ?? {}) };
  for (const key of ARCHIVE_KEYS) if (!(key in metadata)) metadata[key] = null;
  return { ...(typeof backup.status === 'string' && { status: backup.status }), metadata };
}

/** The backed-up values of the anonymized fields (those that were text). */
function unanonymizePatch(backup: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of ANONYMIZED_FIELDS) {
    const value = backup[field];
    if (typeof value === 'string') patch[field] = value;
  }
  return patch;
}

function matches(after: Lead, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([key, value]) => {
    if (key !== 'metadata') return (after as Record<string, unknown>)[key] === value;
    const metadata = metadataOf(after) ?? {};
    return Object.entries(value as Record<string, unknown>).every(
      ([k, v]) => JSON.stringify(metadata[k] ?? null) === JSON.stringify(v ?? null),
    );
  });
}

function mismatch(id: string): LeadRestore {
  return {
    id,
    status: 'failed',
    message: `The API accepted the restore of lead ${id} but answered different values.`,
  };
}
