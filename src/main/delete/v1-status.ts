import type { BatchState, JournalReplay } from '../backup/journal';
import type { ProspectDeletePlan } from './v1-plan';

/**
 * `deleted`: deleted, or removed from the run's campaigns; `outside`: a
 * campaign run's prospect that was in none of the campaigns (never sent).
 */
export type IdStatus = 'deleted' | 'failed' | 'unknown' | 'pending' | 'outside';

export interface BatchReport {
  batch: number;
  ids: number;
  status: BatchState['status'];
  sends: number;
  code?: string;
  message?: string;
}

/**
 * Where every id of the plan stands, from the journal: batches in order, a
 * later batch (a re-send of ids left in place) overriding an earlier one.
 * Ids of plan batches the journal has not reached are pending; a campaign
 * run's prospects in none of its campaigns are `outside` (never sent).
 */
export function idStatuses(plan: ProspectDeletePlan, replay: JournalReplay): Map<string, IdStatus> {
  const status = new Map<string, IdStatus>();
  const outside = new Set(plan.notInCampaigns ?? []);
  for (const id of plan.ids) status.set(id, outside.has(id) ? 'outside' : 'pending');
  for (const batch of replay.batches) {
    const left = new Set(batch.outcome?.failedIds ?? []);
    for (const id of batch.ids) {
      status.set(id, left.has(id) ? 'pending' : toIdStatus(batch));
    }
  }
  return status;
}

function toIdStatus(batch: BatchState): IdStatus {
  switch (batch.status) {
    case 'done':
      return 'deleted';
    case 'failed':
      return 'failed';
    case 'unknown':
      return 'unknown';
    case 'pending':
      return 'pending';
  }
}

export function countStatuses(statuses: Map<string, IdStatus>): Record<IdStatus, number> {
  const counts: Record<IdStatus, number> = {
    deleted: 0,
    failed: 0,
    unknown: 0,
    pending: 0,
    outside: 0,
  };
  for (const s of statuses.values()) counts[s]++;
  return counts;
}

export function batchReports(replay: JournalReplay): BatchReport[] {
  return replay.batches.map((b) => ({
    batch: b.batch,
    ids: b.ids.length,
    status: b.status,
    sends: b.sends,
    ...(b.outcome?.code && { code: b.outcome.code }),
    ...(b.outcome?.message && { message: b.outcome.message }),
  }));
}
