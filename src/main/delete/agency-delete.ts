import { mkdir } from 'node:fs/promises';
import type { PlannedRequest } from '../../shared/delete';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import type { WoodpeckerV2AgencyClient } from '../api/woodpecker-v2/agency-client';
import { AppError } from '../app-error';
import type { BackupConnection } from '../backup/backup-manifest';
import { recordId } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import type { BatchState } from '../backup/journal';
import { withRunChange } from '../api/http/account-queue';
import { agencyDeleteUrl, readAgencyPlan, writeAgencyPlan } from './agency-plan';
import type { AgencyDeletePlan } from './agency-plan';
import { AgencyRun } from './agency-run';
import type { AgencyDeleteResult } from './agency-run';
import { runPaths } from './run-files';
import type { RunPaths } from './run-files';
import { openRunJournal, readRunJournal } from './run-journal';
import type { RunJournalContext } from './run-journal';
import { PLAN_VERSION, planBackupOf } from './run-plan';

export type { AgencyDeleteResult, AgencyRunState } from './agency-run';
export type { AgencyDeletePlan } from './agency-plan';

export interface PrepareAgencyDeleteOptions {
  /** The backups folder. */
  dir: string;
  runId: string;
  /** The agency connection the run deletes through. */
  connection: BackupConnection;
  /** Origin of the agency connection (for the dry run's exact URL). */
  agencyBaseUrl: string;
  companyId: number;
  /** The name the user must type to confirm. */
  companyName: string;
  /** A v1 client acting as the company (`companyId` → x-company-id, or the company's own key). */
  readClient: WoodpeckerV1Client;
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'read' | 'backup'; done: number; total: number | null }) => void;
  now?: () => Date;
}

export interface PreparedAgencyDelete {
  plan: AgencyDeletePlan;
  /** The request a run would send (empty when the company has no prospects): the dry run. */
  requests: PlannedRequest[];
  /** The verified backup's manifest. */
  backup: string;
  /** Reads the preparation made. */
  readRequests: number;
  /** True when the company has no prospects: the run will refuse to send anything. */
  empty: boolean;
}

/**
 * Step one of an agency "delete ALL", in main: list every prospect of the
 * company (as the company, through v1), back the exact objects up, verify the
 * backup from disk, then write the plan. Nothing is deleted here. A failed or
 * short read throws and leaves no plan; an empty company is backed up (0
 * records) and reported as `empty`, and executing it is refused.
 */
export async function prepareAgencyDelete(
  options: PrepareAgencyDeleteOptions,
): Promise<PreparedAgencyDelete> {
  const { dir, runId, connection, companyId, readClient, signal, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const companyName = options.companyName.trim();
  if (!Number.isSafeInteger(companyId) || companyId <= 0) {
    throw new AppError('validation', `Company id ${companyId} is not valid.`);
  }
  if (companyName === '') throw new AppError('validation', 'The company needs a name.');
  const paths = runPaths(dir, runId);
  await mkdir(dir, { recursive: true });

  // The total first: a listing that ends short of it is a failed read, never "fewer prospects".
  const totalAtStart = await readClient.countProspects(signal);
  let readRequests = 1;
  let lastTotal = null as number | null;
  const records: Record<string, unknown>[] = [];
  const ids: string[] = [];
  const pages = readClient.listAllPages(
    {},
    {
      signal,
      onPage: (p) => {
        readRequests++;
        lastTotal = p.total;
        onProgress?.({ phase: 'read', done: p.fetched, total: p.total ?? totalAtStart });
      },
    },
  );
  for await (const page of pages) {
    for (const record of page.raw) {
      records.push(record);
      ids.push(recordId(record));
    }
  }
  if (ids.length !== totalAtStart || (lastTotal !== null && lastTotal !== ids.length)) {
    throw new AppError(
      'conflict',
      `"${companyName}" listed ${ids.length} prospects but reports ${lastTotal ?? totalAtStart}: it changed while it was read, or the read was cut short. Nothing was backed up: try again.`,
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new AppError('conflict', 'Woodpecker listed the same prospect twice: try again.');
  }

  const manifest = await writeBackup({
    dir,
    runId,
    connection,
    records,
    expectedIds: ids,
    signal,
    now,
  });
  onProgress?.({ phase: 'backup', done: ids.length, total: ids.length });
  await verifyBackup({ dir, runId, expectedIds: ids, connectionId: connection.id });

  const request = {
    method: 'POST' as const,
    url: agencyDeleteUrl(options.agencyBaseUrl, companyId),
    targets: ids.length,
  };
  const plan: AgencyDeletePlan = {
    version: PLAN_VERSION,
    kind: 'agency-all',
    runId,
    createdAt: now().toISOString(),
    connection: { id: connection.id, label: connection.label, kind: connection.kind },
    backup: planBackupOf(manifest),
    companyId,
    companyName,
    count: ids.length,
    ids,
    maxId: maxId(ids),
    request,
  };
  await writeAgencyPlan(paths, plan);
  return {
    plan,
    requests: ids.length === 0 ? [] : [request],
    backup: paths.manifest,
    readRequests,
    empty: ids.length === 0,
  };
}

export interface ExecuteAgencyDeleteOptions {
  dir: string;
  runId: string;
  /** The connection the caller holds the agency key for: must be the plan's. */
  connectionId: string;
  agencyClient: WoodpeckerV2AgencyClient;
  /** The same company reader as in prepare (drift check and reconciling). */
  readClient: WoodpeckerV1Client;
  /** The company name the user typed to confirm (compared trimmed, exactly). */
  typedName: string;
  signal?: AbortSignal;
  /**
   * Called after each journal append and right after the answer, before its
   * outcome is journaled: tests act there (a crash, a prospect added mid-run).
   */
  checkpoint?: (label: 'intent' | 'sent' | 'answer' | 'outcome') => void | Promise<void>;
  now?: () => Date;
}

/**
 * Runs (or resumes) a prepared agency "delete ALL". The request is sent at
 * most once per run, ever: a journal that says `sent` makes every later call
 * reconcile (count the company's prospects) and report, never resend.
 *
 * Before the send, in order: the typed name must equal the company's name; the
 * company must have prospects; the backup is verified again from disk and
 * must cover every id (the delete gate); the drift check (the company's count,
 * and its newest prospect, still those backed up) must pass. Any refusal
 * throws and sends nothing. Woodpecker answering a different `count` than
 * backed up is reported in `alert`.
 */
export async function executeAgencyDelete(
  options: ExecuteAgencyDeleteOptions,
): Promise<AgencyDeleteResult> {
  const { dir, runId } = options;
  const paths = runPaths(dir, runId);
  const plan = await readAgencyPlan(paths.plan);
  if (plan.runId !== runId || plan.connection.id !== options.connectionId) {
    throw new AppError('conflict', `Run ${runId} was prepared for another connection.`);
  }
  if (options.typedName.trim() !== plan.companyName) {
    throw new AppError(
      'validation',
      `Type the company's name exactly ("${plan.companyName}") to confirm: nothing was deleted.`,
    );
  }
  // One execution per run at a time, across processes: two would both see an
  // empty journal and both send.
  return withRunChange(
    paths.lock,
    `Delete run ${runId}`,
    options.readClient.accountKey,
    options.signal,
    async (signal) => {
      const journalContext = agencyJournal(paths, runId);
      const prior = await priorState(journalContext);
      const run = new AgencyRun(plan, paths, { ...options, signal });
      if (prior?.status === 'done' || prior?.status === 'failed') return await run.report(prior);
      if (prior?.status !== 'unknown') await run.checkBeforeSend();
      const journal = await openRunJournal(journalContext, { now: options.now });
      try {
        return await run.execute(journal);
      } finally {
        await journal.close();
      }
    },
  );
}

/** The run's one batch as journaled so far, or null before the first entry. */
async function priorState(context: RunJournalContext): Promise<BatchState | null> {
  return (await readRunJournal(context))?.batches[0] ?? null;
}

/**
 * A damaged journal cannot say whether the one request went out: it is never
 * sent on a guess.
 */
function agencyJournal(paths: RunPaths, runId: string): RunJournalContext {
  return {
    paths,
    runId,
    advice: `Whether its delete was sent cannot be told, so it is not sent: check the company in Woodpecker, and prepare a new run only if its prospects are still there (its backup: ${paths.manifest}).`,
  };
}

function maxId(ids: readonly string[]): string | null {
  let max: string | null = null;
  for (const id of ids) if (max === null || Number(id) > Number(max)) max = id;
  return max;
}
