import type { DeleteSummary } from '../../shared/delete';
import { ApiError } from '../api/http/api-error';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readCampaignMembers } from '../api/woodpecker-v1/campaign-members';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import { AppError } from '../app-error';
import { verifyBackup } from '../backup/backup-verifier';
import type { VerifiedBackup } from '../backup/backup-verifier';
import { withRunChange } from '../api/http/account-queue';
import type { Journal, JournalEntryInput } from '../backup/journal';
import { assertBackedUp, assertConfirmedSet } from './delete-gate';
import { runPaths } from './run-files';
import { newRunAdvice, openRunJournal } from './run-journal';
import { readPlan } from './v1-plan';
import type { ProspectDeletePlan } from './v1-plan';
import { batchReports, countStatuses, idStatuses } from './v1-status';
import type { BatchReport } from './v1-status';

export interface ExecuteProspectDeleteOptions {
  dir: string;
  runId: string;
  /** The connection the caller holds credentials for: must be the plan's. */
  connectionId: string;
  client: WoodpeckerV1Client;
  /** The number the user typed to confirm. */
  confirmCount: number;
  /** The ids the user confirmed, when the caller has them (the UI does). */
  ids?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
  /**
   * Called at every point a crash could happen: after each journal append and
   * after each delete answer, before its outcome is journaled. The
   * fault-injection test throws here to "kill" the run.
   */
  checkpoint?: (label: string) => void | Promise<void>;
}

export type RunState = 'finished' | 'stopped' | 'cancelled';

export interface ProspectDeleteResult extends DeleteSummary {
  state: RunState;
  /**
   * Campaign runs: backed-up prospects that were in none of the campaigns,
   * never sent and not counted in `deleted` (0 for a global delete).
   */
  notInCampaigns: number;
  /** The campaigns a campaign run removes from (absent for a global delete). */
  campaignIds?: number[];
  /** Ids not sent yet (cancelled or stopped): resume continues with them. */
  pending: number;
  batches: BatchReport[];
  /** Why the run stopped, when it did. */
  message?: string;
  /** Said when this execution took over the lock a crashed one left. */
  lockNote?: string;
}

// A batch still unknown after this many sends in one execution stops it.
const MAX_SENDS = 3;

/**
 * Runs (or resumes) a prepared v1 delete. The plan is read through its seal
 * (run-plan.ts) and the backup verified again from disk first, and every
 * request passes the gate (assertBackedUp). Per batch, the journal gets
 * `intent` → `sent` (fsync'd before the request) → `outcome`; a journal
 * damaged anywhere but a torn last line stops the run before any request. A
 * batch whose outcome is unknown (timeout, connection lost after sending) is
 * reconciled by reading its ids back — present in the account for a global
 * delete, members of the run's campaigns for a campaign removal: none left →
 * done; all left → sent again; some left → done, and only those go out in a
 * new batch. A confirmed batch is never sent again. A failed read stops the
 * run: unknown stays unknown until a resume can check. Cancel stops between
 * requests (the one in flight finishes).
 */
export async function executeProspectDelete(
  options: ExecuteProspectDeleteOptions,
): Promise<ProspectDeleteResult> {
  const { dir, runId } = options;
  const paths = runPaths(dir, runId);
  const plan = await readPlan(paths.plan);
  if (plan.runId !== runId || plan.connection.id !== options.connectionId) {
    throw new AppError('conflict', `Run ${runId} was prepared for another connection.`);
  }
  assertConfirmedSet(plan.ids, options.ids, options.confirmCount);
  return withRunChange(
    paths.lock,
    `Delete run ${runId}`,
    options.client.accountKey,
    options.signal,
    async (signal, note) => {
      const backup = await verifyBackup({
        dir,
        runId,
        expectedIds: plan.ids,
        connectionId: plan.connection.id,
      });
      const journal = await openRunJournal({
        paths,
        runId,
        advice: newRunAdvice('targets', paths.manifest),
      });
      const run = new DeleteRun(plan, backup, journal, { ...options, signal });
      try {
        const result = await run.execute(paths.manifest);
        return note ? { ...result, lockNote: note } : result;
      } finally {
        await journal.close();
      }
    },
  );
}

interface WorkItem {
  batch: number;
  ids: readonly string[];
  /** 'new': no intent yet; 'pending': intent only; 'unknown': sent, no outcome. */
  state: 'new' | 'pending' | 'unknown';
}

class DeleteRun {
  private requests = 0;
  /** Ids deleted so far, kept as batches finish (progress must not replay the journal). */
  private deleted = 0;
  private readonly queue: WorkItem[] = [];
  /** Sends per batch in this execution (a resume starts again from zero). */
  private readonly sends = new Map<number, number>();
  private nextBatch: number;

  constructor(
    private readonly plan: ProspectDeletePlan,
    private readonly backup: VerifiedBackup,
    private readonly journal: Journal,
    private readonly options: ExecuteProspectDeleteOptions,
  ) {
    const replay = journal.state();
    this.nextBatch = Math.max(plan.batches.length, (replay.batches.at(-1)?.batch ?? -1) + 1);
  }

  async execute(manifest: string): Promise<ProspectDeleteResult> {
    const fresh = this.journal.state().batches.length === 0;
    if (fresh) await this.checkDrift();
    this.queueWork();
    let state: RunState = 'finished';
    let message: string | undefined;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      if (this.options.signal?.aborted) {
        state = 'cancelled';
        break;
      }
      if (item.state === 'new')
        await this.append({ type: 'intent', batch: item.batch, ids: item.ids });
      const stop =
        item.state === 'unknown'
          ? await this.reconcile(item.batch, item.ids)
          : await this.send(item.batch, item.ids);
      this.report();
      if (stop) {
        // Cancelled while waiting out a busy Woodpecker: the batch was refused, nothing applied.
        state = this.options.signal?.aborted ? 'cancelled' : 'stopped';
        message = stop;
        break;
      }
    }
    return this.result(state, manifest, message);
  }

  /**
   * Everything left to do, in batch order: plan batches not journaled yet,
   * journaled ones without an outcome, and (on resume) ids whose batch
   * certainly failed — nothing was applied — packed into new batches.
   */
  private queueWork(): void {
    const replay = this.journal.state();
    const byNumber = new Map(replay.batches.map((b) => [b.batch, b]));
    const last = Math.max(this.plan.batches.length, this.nextBatch);
    for (let batch = 0; batch < last; batch++) {
      const known = byNumber.get(batch);
      if (!known) {
        const ids = this.plan.batches[batch];
        if (ids) this.queue.push({ batch, ids, state: 'new' });
      } else if (known.status === 'pending' || known.status === 'unknown') {
        this.queue.push({ batch, ids: known.ids, state: known.status });
      }
    }
    const statuses = idStatuses(this.plan, replay);
    this.deleted = countStatuses(statuses).deleted;
    const failed = [...statuses].filter(([, status]) => status === 'failed').map(([id]) => id);
    if (failed.length > 0) this.queueNewBatches(failed);
  }

  private queueNewBatches(ids: readonly string[]): void {
    const packed = this.options.client.planDeleteRequests(ids.map(Number), this.plan.campaignIds);
    for (const batch of packed) {
      this.queue.push({ batch: this.nextBatch++, ids: batch.map(String), state: 'new' });
    }
  }

  /** Just before the first delete: the targets must still be what was backed up. */
  private async checkDrift(): Promise<void> {
    const { client, signal } = this.options;
    const total = await client.countProspects(signal);
    this.requests++;
    if (total === this.plan.totalAtBackup) return;
    // The account changed since the backup: check the targets themselves.
    const read = await readProspectsFresh(client, { ids: this.plan.ids.map(Number) }, { signal });
    this.requests += read.requests;
    if (read.missing.length > 0) {
      throw new AppError(
        'conflict',
        `${read.missing.length} of the ${this.plan.ids.length} backed-up prospects are gone since the backup (changed elsewhere?). Nothing was deleted: back up again.`,
        { missing: read.missing.slice(0, 100) },
      );
    }
  }

  /** Sends one batch; returns why the run must stop, or null to go on. */
  private async send(batch: number, ids: readonly string[]): Promise<string | null> {
    const sends = (this.sends.get(batch) ?? 0) + 1;
    if (sends > MAX_SENDS) {
      return `Batch ${batch + 1} was sent ${MAX_SENDS} times without a known outcome: stopped. Resume later to check it again.`;
    }
    this.sends.set(batch, sends);
    assertBackedUp(this.backup, this.plan.runId, ids);
    await this.append({ type: 'sent', batch });
    try {
      // No signal: a delete in flight is let finish, so its outcome is known.
      await this.options.client.deleteBatch(
        ids.map(Number),
        this.plan.campaignIds ? { campaignIds: this.plan.campaignIds } : {},
      );
      this.requests++;
    } catch (error) {
      this.requests++;
      await this.options.checkpoint?.('answer');
      // Only a classified failure proves nothing was applied; anything else
      // (unknown outcome, an unexpected error) is checked by re-listing.
      const certain =
        (error instanceof ApiError && !error.outcomeUnknown) || error instanceof AppError;
      if (!certain) return this.reconcile(batch, ids);
      const { code, message } = error;
      await this.append({ type: 'outcome', batch, outcome: { status: 'failed', code, message } });
      return `Batch ${batch + 1} failed: ${message}`;
    }
    await this.options.checkpoint?.('answer');
    await this.append({ type: 'outcome', batch, outcome: { status: 'done' } });
    this.deleted += ids.length;
    return null;
  }

  /**
   * A batch that may or may not have been applied: read its ids back, and
   * only those the request did not reach yet go out again. Throws (the batch
   * stays unknown) when the read fails: an unreadable account is never taken
   * as "deleted".
   */
  private async reconcile(batch: number, ids: readonly string[]): Promise<string | null> {
    const left = await this.stillThere(ids);
    const present = ids.filter((id) => left.has(id));
    if (present.length === ids.length) return this.send(batch, ids);
    await this.append({
      type: 'outcome',
      batch,
      outcome: { status: 'done', ...(present.length > 0 && { failedIds: present }) },
    });
    this.deleted += ids.length - present.length;
    if (present.length > 0) {
      // Only the ids still there, in a batch of their own, sent next.
      const packed = this.options.client.planDeleteRequests(
        present.map(Number),
        this.plan.campaignIds,
      );
      this.queue.unshift(
        ...packed.map((b) => ({
          batch: this.nextBatch++,
          ids: b.map(String),
          state: 'new' as const,
        })),
      );
    }
    return null;
  }

  /**
   * The ids of `ids` a delete of this run would still change: present in the
   * account (global delete), or still a member of one of the run's campaigns
   * (campaign removal: the prospects stay in the account by design, so
   * presence says nothing about whether the removal was applied).
   */
  private async stillThere(ids: readonly string[]): Promise<Set<string>> {
    const { client, signal } = this.options;
    const { campaignIds } = this.plan;
    if (!campaignIds) {
      const read = await readProspectsFresh(client, { ids: ids.map(Number) }, { signal });
      this.requests += read.requests;
      return new Set(read.found.keys());
    }
    // The count at backup time only picks the cheaper way to read.
    const total = this.plan.totalAtBackup;
    const read = await readCampaignMembers(client, ids, campaignIds, { total, signal });
    this.requests += read.requests;
    return read.members;
  }

  private async append(entry: JournalEntryInput): Promise<void> {
    await this.journal.append(entry);
    await this.options.checkpoint?.(entry.type);
  }

  private report(): void {
    this.options.onProgress?.({
      done: this.deleted,
      total: this.plan.ids.length - (this.plan.notInCampaigns?.length ?? 0),
      requests: this.requests,
    });
  }

  private result(state: RunState, manifest: string, message?: string): ProspectDeleteResult {
    const replay = this.journal.state();
    const counts = countStatuses(idStatuses(this.plan, replay));
    return {
      runId: this.plan.runId,
      state,
      targets: this.plan.targets,
      backedUp: this.backup.size,
      deleted: counts.deleted,
      notFound: this.plan.notFound.length,
      notInCampaigns: counts.outside,
      ...(this.plan.campaignIds && { campaignIds: this.plan.campaignIds }),
      failed: counts.failed,
      unknown: counts.unknown,
      pending: counts.pending,
      requests: this.requests,
      backup: manifest,
      batches: batchReports(replay),
      ...(message && { message }),
    };
  }
}
