import type { DeleteSummary } from '../../shared/delete';
import { ApiError } from '../api/http/api-error';
import { AppError } from '../app-error';
import type { VerifiedBackup } from '../backup/backup-verifier';
import type { BatchState, Journal, JournalEntryInput, JournalReplay } from '../backup/journal';
import { assertBackedUp } from './delete-gate';
import { applyLeadAction, sameLead, showsAction } from './leads-actions';
import type { LeadsRunAction } from './leads-actions';
import type { ExecuteLeadsActionOptions } from './leads-delete';
import type { LeadsAction, LeadsPlan } from './leads-plan';

/**
 * Per lead: `done` (deleted/archived/anonymized), `gone` (404 before this run
 * acted: removed elsewhere), `failed` (refused, or changed since the backup
 * while its outcome was unknown), `unknown` (sent, not yet checked), `pending`
 * (not sent yet, or refused unprocessed for a reason not its own — busy past
 * the allowed wait, key refused, cancelled: a resume sends it again).
 */
export type LeadStatus = 'done' | 'gone' | 'failed' | 'unknown' | 'pending';
export type LeadsRunState = 'finished' | 'stopped' | 'cancelled';

export interface LeadResult {
  id: string;
  status: LeadStatus;
  /** Requests that carried the action for this lead, across executions. */
  sends: number;
  code?: string;
  message?: string;
}

export interface LeadsActionResult extends DeleteSummary {
  action: LeadsAction;
  state: LeadsRunState;
  /** Leads the action was applied to (`deleted` counts only deletes). */
  done: number;
  pending: number;
  leads: LeadResult[];
  message?: string;
}

// A lead still unknown after this many sends in one execution stops the run.
const MAX_SENDS = 3;
// Failures that will fail every following lead as well: stop instead.
const STOP_CODES: ReadonlySet<string> = new Set(['auth', 'permission', 'rate_limited']);
/**
 * Refusals that say nothing about the lead itself — the service was busy
 * past the allowed wait, the key was refused, the connection never opened,
 * the user cancelled a wait — and that applied nothing: the lead is left to
 * do (pending), and a resume sends it again.
 */
const RETRY_ON_RESUME: ReadonlySet<string> = new Set([
  'auth',
  'permission',
  'rate_limited',
  'network',
  'cancelled',
]);

type Record_ = Record<string, unknown>;

/**
 * One execution of a prepared Leads API run (see executeLeadsAction). Batch i
 * is lead i of the plan; a lead refused unprocessed for a reason not its own
 * (RETRY_ON_RESUME) is sent again by a later execution in a batch of its own,
 * numbered after the plan's (a finished batch never takes another send).
 */
export class LeadsRun {
  private requests = 0;
  /** Leads done so far (journaled outcome 'done'), for progress. */
  private done = 0;
  private readonly sends = new Map<number, number>();
  private nextBatch: number;
  private readonly action: LeadsRunAction;

  constructor(
    private readonly plan: LeadsPlan,
    private readonly backup: VerifiedBackup,
    private readonly records: ReadonlyMap<string, Record_>,
    private readonly journal: Journal,
    private readonly options: ExecuteLeadsActionOptions,
  ) {
    if (!plan.action) throw new Error('The run has no action bound yet.');
    this.action = plan.action;
    const last = journal.state().batches.at(-1)?.batch ?? -1;
    this.nextBatch = Math.max(plan.ids.length, last + 1);
  }

  async execute(manifest: string): Promise<LeadsActionResult> {
    const latest = latestBatches(this.journal.state());
    this.done = [...latest.values()].filter((b) => b.status === 'done').length;
    let state: LeadsRunState = 'finished';
    let message: string | undefined;
    for (const [index, id] of this.plan.ids.entries()) {
      const prior = latest.get(id);
      if (prior?.status === 'done') continue;
      if (prior?.status === 'failed' && !retriesOnResume(prior.outcome?.code)) continue;
      if (this.options.signal?.aborted) {
        state = 'cancelled';
        break;
      }
      let batch = prior?.batch ?? index;
      if (!prior || prior.status === 'failed') {
        // Refused unprocessed before: a batch of its own, so its sends start from zero.
        if (prior) batch = this.nextBatch++;
        await this.append({ type: 'intent', batch, ids: [id] });
      }
      const stop =
        prior?.status === 'unknown' ? await this.reconcile(batch, id) : await this.send(batch, id);
      this.report();
      if (stop) {
        // Cancelled during a wait for a busy service: nothing was applied.
        state = this.options.signal?.aborted ? 'cancelled' : 'stopped';
        message = stop;
        break;
      }
    }
    if (state === 'finished') {
      // Leads refused unprocessed along the way (a connection that never opened) are still to do.
      const left = leadResults(this.plan, this.journal.state()).filter(
        (l) => l.status === 'pending',
      );
      if (left.length > 0) {
        state = 'stopped';
        const leads = left.length === 1 ? '1 lead' : `${left.length} leads`;
        message = `${leads} could not be sent (${left[0]?.message ?? left[0]?.code}): nothing was applied to them. Resume to send them again.`;
      }
    }
    return this.result(state, manifest, message);
  }

  /** Sends the action for one lead; returns why the run must stop, or null. */
  private async send(batch: number, id: string): Promise<string | null> {
    const sends = (this.sends.get(batch) ?? 0) + 1;
    if (sends > MAX_SENDS) {
      return `Lead ${id} was sent ${MAX_SENDS} times without a known outcome: stopped. Resume later to check it again.`;
    }
    this.sends.set(batch, sends);
    assertBackedUp(this.backup, this.plan.runId, [id]);
    const record = this.record(id);
    await this.append({ type: 'sent', batch });
    try {
      // No signal: a request in flight is let finish, so its outcome is known.
      await applyLeadAction(this.options.client, this.action, record);
      this.requests++;
    } catch (error) {
      this.requests++;
      await this.options.checkpoint?.('answer');
      const certain =
        (error instanceof ApiError && !error.outcomeUnknown) || error instanceof AppError;
      if (!certain) return this.reconcile(batch, id);
      if (error instanceof ApiError && error.httpStatus === 404) {
        return this.notThere(batch, this.journaledSends(batch) - 1);
      }
      const { code, message } = error;
      await this.outcome(batch, { status: 'failed', code, message });
      if (code === 'cancelled') return 'Cancelled.';
      return STOP_CODES.has(code) ? `Stopped at lead ${id}: ${message}` : null;
    }
    await this.options.checkpoint?.('answer');
    await this.outcome(batch, { status: 'done', code: this.action.kind });
    return null;
  }

  /**
   * A lead whose request went out without a known outcome: read it before
   * anything else. Throws nothing on a failed read: the lead stays unknown and
   * the run stops, so a resume checks again.
   */
  private async reconcile(batch: number, id: string): Promise<string | null> {
    let current;
    try {
      current = await this.options.client.get(id, this.options.signal);
      this.requests++;
    } catch (error) {
      this.requests++;
      if (error instanceof ApiError && error.httpStatus === 404) {
        return this.notThere(batch, this.journaledSends(batch));
      }
      const why = error instanceof Error ? error.message : String(error);
      return `Could not check lead ${id} after its answer was lost (${why}): it stays unknown; resume later.`;
    }
    const record = this.record(id);
    if (showsAction(this.action, current, record)) {
      await this.outcome(batch, { status: 'done', code: 'reconciled' });
      return null;
    }
    if (sameLead(current, record)) return this.send(batch, id);
    await this.outcome(batch, {
      status: 'failed',
      code: 'changed',
      message: `The lead changed since the backup while the outcome of the ${this.action.kind} was unknown: not sent again. Back it up again to retry.`,
    });
    return null;
  }

  /**
   * A 404 for a lead of the run. For a delete it counts as deleted only when
   * an earlier attempt was journaled as sent (`earlierSends`: sends before the
   * request that got this answer; for the reconciling GET, all of them): that
   * attempt did it. Otherwise the lead was gone before this run acted.
   */
  private async notThere(batch: number, earlierSends: number): Promise<null> {
    const ours = this.action.kind === 'delete' && earlierSends >= 1;
    await this.outcome(
      batch,
      ours
        ? { status: 'done', code: 'reconciled', message: '404 after a journaled send: deleted.' }
        : {
            status: 'failed',
            code: 'gone',
            message: 'The lead was not there when this run acted on it (removed elsewhere?).',
          },
    );
    return null;
  }

  private record(id: string): Record_ {
    const record = this.records.get(id);
    if (!record) throw new AppError('conflict', `Lead ${id} is not in the backup: stopped.`);
    return record;
  }

  private journaledSends(batch: number): number {
    return this.journal.state().batches.find((b) => b.batch === batch)?.sends ?? 0;
  }

  private async outcome(
    batch: number,
    outcome: Extract<JournalEntryInput, { type: 'outcome' }>['outcome'],
  ): Promise<void> {
    await this.append({ type: 'outcome', batch, outcome });
    if (outcome.status === 'done') this.done++;
  }

  private async append(entry: JournalEntryInput): Promise<void> {
    await this.journal.append(entry);
    await this.options.checkpoint?.(entry.type);
  }

  /** Progress after every lead: a running count, not a replay of the whole journal. */
  private report(): void {
    this.options.onProgress?.({
      done: this.done,
      total: this.plan.ids.length,
      requests: this.requests,
    });
  }

  private result(state: LeadsRunState, manifest: string, message?: string): LeadsActionResult {
    const leads = leadResults(this.plan, this.journal.state());
    const count = (status: LeadStatus) => leads.filter((l) => l.status === status).length;
    const done = count('done');
    return {
      runId: this.plan.runId,
      action: this.action.kind,
      state,
      targets: this.plan.targets,
      backedUp: this.backup.size,
      deleted: this.action.kind === 'delete' ? done : 0,
      done,
      notFound: this.plan.notFound.length + count('gone'),
      failed: count('failed'),
      unknown: count('unknown'),
      pending: count('pending'),
      requests: this.requests,
      backup: manifest,
      leads,
      ...(message && { message }),
    };
  }
}

/** Each lead's latest batch: a lead sent again after a refusal has a later one. */
function latestBatches(replay: JournalReplay): Map<string, BatchState> {
  const latest = new Map<string, BatchState>();
  for (const batch of replay.batches) {
    const id = batch.ids[0];
    if (id !== undefined) latest.set(id, batch); // batches come in ascending order
  }
  return latest;
}

/** Where every lead of the plan stands, from the journal. */
export function leadResults(plan: LeadsPlan, replay: JournalReplay): LeadResult[] {
  const latest = latestBatches(replay);
  const sends = new Map<string, number>();
  for (const batch of replay.batches) {
    const id = batch.ids[0];
    if (id !== undefined) sends.set(id, (sends.get(id) ?? 0) + batch.sends);
  }
  return plan.ids.map((id) => {
    const state = latest.get(id);
    if (!state) return { id, status: 'pending', sends: 0 };
    const outcome = state.outcome;
    const status: LeadStatus =
      state.status === 'failed' && outcome?.code === 'gone'
        ? 'gone'
        : state.status === 'failed' && retriesOnResume(outcome?.code)
          ? 'pending'
          : toLeadStatus(state);
    return {
      id,
      status,
      sends: sends.get(id) ?? 0,
      ...(outcome?.code && { code: outcome.code }),
      ...(outcome?.message && { message: outcome.message }),
    };
  });
}

/** A lead refused for a reason that is not its own: a resume sends it again. */
function retriesOnResume(code: string | undefined): boolean {
  return code !== undefined && RETRY_ON_RESUME.has(code);
}

function toLeadStatus(state: BatchState): LeadStatus {
  switch (state.status) {
    case 'done':
      return 'done';
    case 'failed':
      return 'failed';
    case 'unknown':
      return 'unknown';
    case 'pending':
      return 'pending';
  }
}
