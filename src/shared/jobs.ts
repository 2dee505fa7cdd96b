/**
 * Long-running jobs (export, sync, update, delete) report progress as events;
 * the renderer starts a job, gets its id at once, and may cancel it.
 */

export const JOB_KINDS = [
  'account-export',
  'snapshot-sync',
  'campaign-sync',
  'update-preview',
  'update-apply',
  'update-retry',
  'update-revert',
  'update-resume',
  'delete-backup',
  'delete',
  'restore',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  state: JobState;
  done: number;
  /** Null while the total is not known yet. */
  total: number | null;
  /** Estimated ms left, when it can be estimated. */
  etaMs: number | null;
  message: string;
  /** Set when state is 'succeeded': what the job produced. */
  result?: Record<string, unknown>;
  /** Set when state is 'failed'. */
  error?: { code: string; message: string };
}
