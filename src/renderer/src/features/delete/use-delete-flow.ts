import { useEffect, useMemo, useState } from 'react';
import type { JobProgress } from '../../../../shared/jobs';
import { api } from '../../lib/api';
import { useJob } from '../../lib/use-job';
import { sessionRunIds } from './account-ref';
import { updateDeleteFlow, useDeleteFlowState } from './flow-store';
import { deleteResultSchema, jobResult, preparedDeleteSchema } from './job-results';
import type { BackupRequest } from './target-form';

/**
 * The backup → confirm → delete → result flow of the Delete page: the two
 * jobs it runs and the error to show. `onJobEnd` runs whenever one of them
 * stops, so the runs list can reload.
 */
export function useDeleteFlow(onJobEnd: () => void) {
  const { account, backupJob, deleteJob, confirmCount } = useDeleteFlowState();
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const backupProgress = useJob(backupJob);
  const deleteProgress = useJob(deleteJob);

  const prepared = useMemo(() => jobResult(backupProgress, preparedDeleteSchema), [backupProgress]);
  const result = useMemo(() => jobResult(deleteProgress, deleteResultSchema), [deleteProgress]);
  useEffect(() => {
    if (prepared?.ok) sessionRunIds.set(prepared.value.runId, prepared.value.ids);
  }, [prepared]);

  useEnded(backupProgress, onJobEnd);
  useEnded(deleteProgress, onJobEnd);

  const startBackup = async (request: BackupRequest) => {
    setError(null);
    updateDeleteFlow({ deleteJob: null });
    setStarting(true);
    const started = await api.startDeleteBackup({
      ...request.account,
      source: request.source,
      ...(request.campaignIds && { campaignIds: request.campaignIds }),
    });
    setStarting(false);
    if (!started.ok) return setError(started.error.message);
    updateDeleteFlow({ account: request.account, backupJob: started.value.jobId });
  };

  const startDelete = async (count: number) => {
    if (!prepared?.ok || !account) return;
    setError(null);
    setStarting(true);
    const started = await api.startDelete({
      ...account,
      runId: prepared.value.runId,
      confirmCount: count,
      ids: prepared.value.ids,
    });
    setStarting(false);
    if (!started.ok) return setError(started.error.message);
    updateDeleteFlow({ confirmCount: count, deleteJob: started.value.jobId });
  };

  const reset = () => {
    updateDeleteFlow({ account: null, backupJob: null, deleteJob: null, confirmCount: 0 });
    setError(null);
  };

  const running =
    starting || backupProgress?.state === 'running' || deleteProgress?.state === 'running';
  return {
    account,
    backupJob,
    backupProgress,
    deleteJob,
    deleteProgress,
    prepared,
    result,
    error,
    running,
    startBackup,
    startDelete,
    /** Runs the same delete again: main resumes it from its journal. */
    resume: () => startDelete(confirmCount),
    reset,
  };
}

/** Calls `onEnd` once when a job leaves the running state. */
function useEnded(progress: JobProgress | null, onEnd: () => void) {
  const ended = progress !== null && progress.state !== 'running';
  useEffect(() => {
    if (ended) onEnd();
  }, [ended, progress?.jobId, onEnd]);
}
