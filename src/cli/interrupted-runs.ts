import { listDeleteRuns } from '../main/delete/delete-runs';
import { readJournal, replayJournal } from '../main/backup/journal';
import { runPaths } from '../main/delete/run-files';
import { readPlan } from '../main/delete/v1-plan';
import { countStatuses, idStatuses } from '../main/delete/v1-status';

/** An interrupted prospect delete that `delete --resume` can continue. */
export interface InterruptedRun {
  runId: string;
  createdAt: string;
  backedUp: number;
  deleted: number;
  failed: number;
  unknown: number;
  pending: number;
}

/**
 * The prospect deletes in `dir` made with this account that started and have
 * something left (failed, unknown or not yet sent), newest first. Runs that
 * were backed up but never started are not among them: `backup` makes those
 * on purpose, and resuming one deletes — that takes its run id.
 */
export async function interruptedRuns(
  dir: string,
  connectionId: string,
): Promise<InterruptedRun[]> {
  const runs: InterruptedRun[] = [];
  for (const run of await listDeleteRuns(dir)) {
    if (run.kind !== 'prospects' || run.status !== 'interrupted') continue;
    if (run.connection.id !== connectionId) continue;
    const paths = runPaths(dir, run.runId);
    // Counted even when the run predates sealed plans: resuming it then says why it cannot be.
    const plan = await readPlan(paths.plan, { unsealed: 'accept' });
    const replay = replayJournal((await readJournal(paths.journal)).entries);
    const counts = countStatuses(idStatuses(plan, replay));
    runs.push({ runId: run.runId, createdAt: run.createdAt, backedUp: plan.ids.length, ...counts });
  }
  return runs;
}

/** One line per run, for the list `delete --resume` prints when it cannot choose. */
export function describeRun(run: InterruptedRun): string {
  return `  ${run.runId}  interrupted  backed up ${run.backedUp}: deleted ${run.deleted}, failed ${run.failed}, unknown ${run.unknown}, not sent ${run.pending}  (backed up ${run.createdAt})`;
}
