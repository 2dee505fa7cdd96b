import { continueApply, runResult } from './apply-update';
import type { ApplyUpdateResult } from './apply-update';
import { withRunSession } from './retry-revert';
import type { RunActionOptions } from './retry-revert';

export interface ResumeUpdateResult extends ApplyUpdateResult {
  /** False when the apply had already ended: only its files were rebuilt. */
  resumed: boolean;
  /** Rows of batches the interrupted execution left open, settled by reading back. */
  reconciled: number;
}

/**
 * Continues an update whose apply was killed (app closed, computer off,
 * SIGKILL), from its journal: batches with an outcome are never sent again;
 * a batch sent without a recorded outcome is settled by reading its
 * prospects back (applied rows become updated/added, never resent); a batch
 * never sent, and every row not reached, is sent now; emptied fields are
 * checked; the final files are rebuilt from the journal. Refuses another
 * account's key before any request (run-owner.ts). On an apply that had
 * ended, it only closes what an interrupted retry left open and rebuilds the
 * files: sending failed rows again is retry's job.
 */
export async function resumeUpdate(options: RunActionOptions): Promise<ResumeUpdateResult> {
  return withRunSession(options, async (session) => {
    const reconciled = await session.settleOpenBatches();
    const resumed = session.applyEnd() === null;
    if (resumed) await continueApply(session);
    const outcomes = await session.writeFiles();
    return { ...runResult(session, outcomes, session.requests), resumed, reconciled };
  });
}
