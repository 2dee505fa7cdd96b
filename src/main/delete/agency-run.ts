import type { DeleteSummary } from '../../shared/delete';
import { ApiError } from '../api/http/api-error';
import { AppError } from '../app-error';
import { recordId } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import type { BatchState, Journal, JournalEntryInput } from '../backup/journal';
import { assertBackedUp } from './delete-gate';
import { agencyAcceptancePath, readAgencyAcceptance, writeAgencyAcceptance } from './agency-plan';
import type { AgencyAcceptance, AgencyDeletePlan } from './agency-plan';
import type { ExecuteAgencyDeleteOptions } from './agency-delete';
import type { RunPaths } from './run-files';

/**
 * - `finished`: Woodpecker accepted the request (202; it deletes
 *   asynchronously), or a lost answer was reconciled to 0 prospects left.
 * - `unknown`: sent, outcome not known; it is never sent again, check again later.
 * - `failed`: Woodpecker refused it (nothing was applied); prepare a new run to retry.
 */
export type AgencyRunState = 'finished' | 'unknown' | 'failed';

export interface AgencyDeleteResult extends DeleteSummary {
  state: AgencyRunState;
  companyId: number;
  companyName: string;
  /** Woodpecker's request id; null when its answer was lost. */
  deletionRequestId: number | null;
  /** The `count` Woodpecker answered, when it answered. */
  acceptedCount: number | null;
  /** Something the user must look at even though the run finished. */
  alert?: string;
  /** What happened and what to do, when not plainly finished. */
  message?: string;
}

// The run's single request is journaled as batch 0.
const BATCH = 0;

/** One execution of a prepared agency delete (see executeAgencyDelete). */
export class AgencyRun {
  private requests = 0;
  private backedUp: number;

  constructor(
    private readonly plan: AgencyDeletePlan,
    private readonly paths: RunPaths,
    private readonly options: ExecuteAgencyDeleteOptions,
  ) {
    this.backedUp = plan.count;
  }

  /** Every gate before the one send; throws (nothing sent) when one fails. */
  async checkBeforeSend(): Promise<void> {
    const { plan, options } = this;
    if (plan.count === 0) {
      throw new AppError(
        'validation',
        `"${plan.companyName}" had no prospects when it was backed up: nothing to delete.`,
      );
    }
    const backup = await verifyBackup({
      dir: this.paths.dir,
      runId: plan.runId,
      expectedIds: plan.ids,
      connectionId: plan.connection.id,
    });
    assertBackedUp(backup, plan.runId, plan.ids);
    this.backedUp = backup.size;

    const now = await options.readClient.countProspects(options.signal);
    this.requests++;
    if (now !== plan.count) {
      const diff = now - plan.count;
      throw new AppError(
        'conflict',
        `${Math.abs(diff)} prospects were ${diff > 0 ? 'added to' : 'removed from'} "${plan.companyName}" since the backup: back up again. Nothing was deleted.`,
        { backedUp: plan.count, now },
      );
    }
    // Same count, same prospects? The list is in id order, so the last one is
    // the newest: one added (and one removed elsewhere) shows as a new last id.
    const last = await options.readClient.listPage(
      { page: plan.count, per_page: 1 },
      options.signal,
    );
    this.requests++;
    const lastId = last.raw[0] ? recordId(last.raw[0]) : null;
    if (lastId !== plan.maxId) {
      throw new AppError(
        'conflict',
        `The prospects of "${plan.companyName}" changed since the backup (the same number, not the same prospects): back up again. Nothing was deleted.`,
        { backedUpLastId: plan.maxId, nowLastId: lastId },
      );
    }
  }

  /** Sends the request once, or (journal says sent) only reconciles. */
  async execute(journal: Journal): Promise<AgencyDeleteResult> {
    const { options, plan } = this;
    const prior = journal.state().batches[0];
    if (prior?.status === 'unknown') return this.reconcile(journal);
    if (prior?.status === 'done' || prior?.status === 'failed') return this.report(prior);
    if (!prior) await this.append(journal, { type: 'intent', batch: BATCH, ids: plan.ids });
    options.signal?.throwIfAborted();
    await this.append(journal, { type: 'sent', batch: BATCH });
    let acceptance: AgencyAcceptance;
    try {
      // No signal: once sent, the answer is waited for, so the outcome is known.
      const answer = await options.agencyClient.deleteAllCompanyProspects(plan.companyId);
      this.requests++;
      acceptance = { ...answer, at: (options.now?.() ?? new Date()).toISOString() };
    } catch (error) {
      this.requests++;
      await options.checkpoint?.('answer');
      // Only a classified refusal proves nothing was applied.
      if (!(error instanceof ApiError) || error.outcomeUnknown) return this.reconcile(journal);
      await this.append(journal, {
        type: 'outcome',
        batch: BATCH,
        outcome: { status: 'failed', code: error.code, message: error.message },
      });
      return this.result('failed', null, {
        message: `Woodpecker refused the delete: ${error.message} Nothing was deleted; back up again to retry.`,
      });
    }
    await options.checkpoint?.('answer');
    await writeAgencyAcceptance(agencyAcceptancePath(this.paths.dir, plan.runId), acceptance);
    await this.append(journal, acceptedOutcome(acceptance));
    return this.result('finished', acceptance);
  }

  /** What a finished run reports again, without any request. */
  async report(prior: BatchState): Promise<AgencyDeleteResult> {
    if (prior.status === 'failed') {
      return this.result('failed', null, {
        message: `This run's delete was refused (${prior.outcome?.message ?? 'no details'}). It is never sent twice: back up again to retry.`,
      });
    }
    const acceptance = await readAgencyAcceptance(
      agencyAcceptancePath(this.paths.dir, this.plan.runId),
    );
    return this.result('finished', acceptance);
  }

  /**
   * The request went out and its answer was lost. Never resent: count what
   * the company has left. 0 → applied. Otherwise still unknown, because
   * Woodpecker deletes asynchronously: all left may mean "not applied" or
   * "not started yet", so the user is told to check and run the check again.
   */
  private async reconcile(journal: Journal): Promise<AgencyDeleteResult> {
    const { plan, options } = this;
    const acceptance = await readAgencyAcceptance(agencyAcceptancePath(this.paths.dir, plan.runId));
    if (acceptance) {
      // The 202 was recorded before a crash: the outcome is known.
      await this.append(journal, acceptedOutcome(acceptance));
      return this.result('finished', acceptance);
    }
    let left: number;
    try {
      left = await options.readClient.countProspects(options.signal);
      this.requests++;
    } catch (error) {
      this.requests++;
      const why = error instanceof Error ? error.message : String(error);
      return this.result('unknown', null, {
        message: `The delete was sent but its answer was lost, and counting the company's prospects failed (${why}). It will not be sent again: check again later.`,
      });
    }
    if (left === 0) {
      await this.append(journal, {
        type: 'outcome',
        batch: BATCH,
        outcome: {
          status: 'done',
          code: 'reconciled',
          message: 'No prospects left after the send.',
        },
      });
      return this.result('finished', null, {
        message: `The answer was lost, but "${plan.companyName}" has no prospects left: the deletion went through.`,
      });
    }
    const message =
      left === plan.count
        ? `The delete was sent but its answer was lost, and "${plan.companyName}" still has all ${left} prospects. Woodpecker deletes asynchronously, so it may still be in progress, or it was never applied. Check the company in Woodpecker, then check this run again; it will not be sent again.`
        : left < plan.count
          ? `The delete was sent but its answer was lost; ${left} of ${plan.count} prospects are left, so the deletion looks under way. Check this run again later; it will not be sent again.`
          : `The delete was sent but its answer was lost, and "${plan.companyName}" now has ${left} prospects, more than the ${plan.count} backed up. Check the company in Woodpecker; this run will not send again.`;
    return this.result('unknown', null, { message });
  }

  private async append(journal: Journal, entry: JournalEntryInput): Promise<void> {
    await journal.append(entry);
    await this.options.checkpoint?.(entry.type);
  }

  private result(
    state: AgencyRunState,
    acceptance: AgencyAcceptance | null,
    extra: { message?: string } = {},
  ): AgencyDeleteResult {
    const { plan } = this;
    const alert =
      acceptance && acceptance.count !== plan.count
        ? `Woodpecker says it will delete ${acceptance.count} prospects, but ${plan.count} were backed up: ${acceptance.count > plan.count ? `${acceptance.count - plan.count} prospects without a backup may be deleted` : 'some backed-up prospects may remain'}. Check the company in Woodpecker.`
        : undefined;
    return {
      runId: plan.runId,
      state,
      companyId: plan.companyId,
      companyName: plan.companyName,
      targets: plan.count,
      backedUp: this.backedUp,
      deleted: state === 'finished' ? plan.count : 0,
      notFound: 0,
      failed: state === 'failed' ? plan.count : 0,
      unknown: state === 'unknown' ? plan.count : 0,
      requests: this.requests,
      backup: this.paths.manifest,
      deletionRequestId: acceptance?.deletionRequestId ?? null,
      acceptedCount: acceptance?.count ?? null,
      ...(alert && { alert }),
      ...(extra.message && { message: extra.message }),
    };
  }
}

function acceptedOutcome(acceptance: AgencyAcceptance): JournalEntryInput {
  return {
    type: 'outcome',
    batch: BATCH,
    outcome: {
      status: 'done',
      code: 'accepted',
      message: `Deletion request ${acceptance.deletionRequestId}, count ${acceptance.count}.`,
    },
  };
}
