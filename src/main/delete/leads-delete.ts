import { mkdir } from 'node:fs/promises';
import { ApiError } from '../api/http/api-error';
import type { Lead, LeadsClient } from '../api/leads/client';
import { AppError } from '../app-error';
import type { BackupConnection } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import { withRunChange } from '../api/http/account-queue';
import { readBackupRecords } from './leads-actions';
import { readLeadsPlan, writeLeadsPlan } from './leads-plan';
import type { LeadPreview, LeadsAction, LeadsPlan } from './leads-plan';
import { LeadsRun } from './leads-run';
import type { LeadsActionResult } from './leads-run';
import { runPaths } from './run-files';
import { newRunAdvice, openRunJournal } from './run-journal';
import { PLAN_VERSION, planBackupOf } from './run-plan';

export type { LeadResult, LeadStatus, LeadsActionResult, LeadsRunState } from './leads-run';
export type { LeadPreview, LeadsAction, LeadsPlan } from './leads-plan';
export { ANONYMIZED_FIELDS, DEFAULT_ARCHIVE_REASON } from './leads-actions';
export { restoreLeads } from './leads-restore';
export type { LeadRestore, LeadsRestoreResult, RestoreLeadsOptions } from './leads-restore';

/** How many leads the confirmation lists by name and email. */
export const LEADS_PREVIEW = 20;

export interface PrepareLeadsDeleteOptions {
  /** The backups folder. */
  dir: string;
  runId: string;
  connection: BackupConnection;
  client: LeadsClient;
  /** Lead ids (each read with GET), or every lead of one status (listed). */
  target: { ids: readonly string[] } | { status: string };
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'read' | 'backup'; done: number; total: number | null }) => void;
  now?: () => Date;
}

export interface PreparedLeadsDelete {
  plan: LeadsPlan;
  /** The first LEADS_PREVIEW leads, for the confirmation. */
  preview: LeadPreview[];
  /** Leads backed up (the run's set). */
  total: number;
  /** Ids asked for that the workspace does not have (404): reported, not backed up. */
  notFound: string[];
  /** The verified backup's manifest. */
  backup: string;
  readRequests: number;
  /**
   * Set when listing by status may have missed leads (the server would not
   * page) or left some out (another status): shown with the confirmation.
   */
  listingNote?: string;
}

/**
 * Step one of a Leads API delete, archive or anonymize, in main: read every
 * target fresh (GET per id; 404 = not found, reported), back the exact
 * objects up, verify the backup from disk, write the plan. Nothing changes
 * here. Any other read failure throws and leaves no plan; so does finding
 * no lead at all.
 */
export async function prepareLeadsDelete(
  options: PrepareLeadsDeleteOptions,
): Promise<PreparedLeadsDelete> {
  const { dir, runId, connection, client, target, signal, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const paths = runPaths(dir, runId);
  await mkdir(dir, { recursive: true });

  const read =
    'ids' in target
      ? await readByIds(client, target.ids, options)
      : await readByStatus(client, target.status, options);
  if (read.leads.length === 0) {
    throw new AppError(
      'not_found',
      'ids' in target
        ? `None of the ${read.notFound.length} leads exist in "${connection.label}": nothing to do.`
        : `"${connection.label}" has no leads with status "${target.status}": nothing to do.`,
      { notFound: read.notFound.slice(0, 100) },
    );
  }
  const ids = read.leads.map((lead) => lead.id);
  if (new Set(ids).size !== ids.length) {
    throw new AppError('conflict', 'The Leads API listed the same lead twice: try again.');
  }
  const manifest = await writeBackup({
    dir,
    runId,
    connection,
    records: read.leads,
    expectedIds: ids,
    signal,
    now,
  });
  onProgress?.({ phase: 'backup', done: ids.length, total: ids.length });
  await verifyBackup({ dir, runId, expectedIds: ids, connectionId: connection.id });

  const preview = read.leads.slice(0, LEADS_PREVIEW).map((lead) => ({
    id: lead.id,
    name: lead.name ?? null,
    email: lead.email ?? null,
  }));
  const plan: LeadsPlan = {
    version: PLAN_VERSION,
    kind: 'leads',
    runId,
    createdAt: now().toISOString(),
    connection: { id: connection.id, label: connection.label, kind: connection.kind },
    backup: planBackupOf(manifest),
    target: 'ids' in target ? { ids: true } : { status: target.status },
    targets: ids.length + read.notFound.length,
    ids,
    notFound: read.notFound,
    preview,
  };
  await writeLeadsPlan(paths, plan);
  return {
    plan,
    preview,
    total: ids.length,
    notFound: read.notFound,
    backup: paths.manifest,
    readRequests: read.requests,
    ...(read.listingNote && { listingNote: read.listingNote }),
  };
}

interface LeadsRead {
  leads: Lead[];
  notFound: string[];
  requests: number;
  /** Said when a listing by status may not hold every matching lead. */
  listingNote?: string;
}

async function readByIds(
  client: LeadsClient,
  ids: readonly string[],
  { signal, onProgress }: PrepareLeadsDeleteOptions,
): Promise<LeadsRead> {
  const unique = [...new Set(ids)];
  const read: LeadsRead = { leads: [], notFound: [], requests: 0 };
  for (const id of unique) {
    signal?.throwIfAborted();
    try {
      read.requests++;
      read.leads.push(await client.get(id, signal));
    } catch (error) {
      if (!(error instanceof ApiError && error.httpStatus === 404)) throw error;
      read.notFound.push(id);
    }
    onProgress?.({
      phase: 'read',
      done: read.leads.length + read.notFound.length,
      total: unique.length,
    });
  }
  return read;
}

async function readByStatus(
  client: LeadsClient,
  status: string,
  { signal, onProgress }: PrepareLeadsDeleteOptions,
): Promise<LeadsRead> {
  const read: LeadsRead = { leads: [], notFound: [], requests: 0 };
  const pages = client.listAll(
    { status },
    {
      signal,
      onPage: (p) => onProgress?.({ phase: 'read', done: p.fetched, total: p.total }),
    },
  );
  let otherStatus = 0;
  let next = await pages.next();
  for (; !next.done; next = await pages.next()) {
    for (const lead of next.value) {
      // A server that ignores `status` must not turn this into "every lead".
      if (typeof lead.status === 'string' && lead.status !== status) otherStatus++;
      else read.leads.push(lead);
    }
  }
  const end = next.value;
  read.requests = end.requests;
  const notes: string[] = [];
  if (otherStatus > 0) {
    notes.push(
      `The Leads API also listed ${otherStatus} leads with another status: they were left out.`,
    );
  }
  if (!end.complete) {
    const of = end.total === null ? '' : ` of the ${end.total} it counts`;
    const why =
      end.reason === 'repeated'
        ? 'it answered the next page with the same leads again (it does not page)'
        : 'it refused a request for the next page';
    notes.push(
      `Only the first ${end.listed} leads${of} with status "${status}" could be listed: ${why}. Those are backed up; run this again afterwards for the rest.`,
    );
  } else if (end.total !== null && end.listed !== end.total) {
    // A listing that ends short of its own total is a failed read, never "fewer leads".
    throw new AppError(
      'conflict',
      `Listed ${end.listed} leads with status "${status}" but the API counts ${end.total}: they changed while read. Nothing was backed up: try again.`,
    );
  }
  if (notes.length > 0) read.listingNote = notes.join(' ');
  return read;
}

export interface ExecuteLeadsActionOptions {
  dir: string;
  runId: string;
  /** The connection the caller holds the key for: must be the plan's. */
  connectionId: string;
  client: LeadsClient;
  /** Bound to the run at its first execution; a resume must ask for the same. */
  action: LeadsAction;
  /** `archived_reason` for archive (default DEFAULT_ARCHIVE_REASON). */
  reason?: string;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
  /** Called after each journal append and after each answer (before its outcome). */
  checkpoint?: (label: 'intent' | 'sent' | 'answer' | 'outcome') => void | Promise<void>;
  now?: () => Date;
}

/**
 * Runs (or resumes) a prepared Leads API run: one request per lead, each
 * journaled intent → sent → outcome, each passing the delete gate (the
 * verified backup must hold it). A lead whose outcome is unknown is checked
 * with a GET before anything else: for a delete, 404 counts as deleted only
 * because a send was journaled; a lead already showing the archive or
 * anonymize is done; otherwise it is sent again only if it is exactly as
 * backed up, else it fails as "changed". Leads already done are never sent
 * again. Cancel stops between leads.
 */
export async function executeLeadsAction(
  options: ExecuteLeadsActionOptions,
): Promise<LeadsActionResult> {
  const { dir, runId } = options;
  const paths = runPaths(dir, runId);
  const reason = options.action === 'archive' ? options.reason?.trim() || undefined : undefined;
  const readChecked = async () => {
    const read = await readLeadsPlan(paths.plan);
    if (read.runId !== runId || read.connection.id !== options.connectionId) {
      throw new AppError('conflict', `Run ${runId} was prepared for another connection.`);
    }
    if (read.action) {
      if (read.action.kind !== options.action || (reason && reason !== read.action.reason)) {
        throw new AppError(
          'conflict',
          `Run ${runId} was started as "${read.action.kind}"; it can only be resumed as that.`,
        );
      }
    }
    return read;
  };
  await readChecked();
  // One execution per run at a time, across processes.
  return withRunChange(
    paths.lock,
    `Leads run ${runId}`,
    options.client.accountKey,
    options.signal,
    async (signal) => {
      // Read again under the lock: another execution may have bound the action meanwhile.
      let plan = await readChecked();
      const backup = await verifyBackup({
        dir,
        runId,
        expectedIds: plan.ids,
        connectionId: plan.connection.id,
      });
      if (!plan.action) {
        // Bound before the first send, durably, so a resume cannot change it.
        const at = (options.now?.() ?? new Date()).toISOString();
        plan = { ...plan, action: { kind: options.action, ...(reason && { reason }), at } };
        await writeLeadsPlan(paths, plan);
      }
      const records = await readBackupRecords(paths.jsonl);
      const journal = await openRunJournal(
        { paths, runId, advice: newRunAdvice('leads', paths.manifest) },
        { now: options.now },
      );
      try {
        return await new LeadsRun(plan, backup, records, journal, { ...options, signal }).execute(
          paths.manifest,
        );
      } finally {
        await journal.close();
      }
    },
  );
}
