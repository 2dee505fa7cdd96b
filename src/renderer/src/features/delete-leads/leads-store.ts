import { createJobStore } from '../delete-agency/job-store';
import type { LeadsAction } from './leads-results';

/** What the Leads API panel follows across page switches. */
export interface LeadsFlowState {
  connectionId: string;
  backupJob: string | null;
  actionJob: string | null;
  /** The action confirmed for this run: a resume must send the same one. */
  action: LeadsAction | null;
  reason: string;
  /** The number the user typed to confirm (main checks it against the run). */
  confirmCount: number;
  restoreJob: string | null;
  /** A restore started from the runs list. */
  runsRestore: { runId: string; jobId: string } | null;
}

export const leadsStore = createJobStore<LeadsFlowState>({
  connectionId: '',
  backupJob: null,
  actionJob: null,
  action: null,
  reason: '',
  confirmCount: 0,
  restoreJob: null,
  runsRestore: null,
});
