import { useEffect } from 'react';
import type { JobProgress } from '../../../../shared/jobs';

/** Calls `onEnd` once when a job leaves the running state. */
export function useEnded(progress: JobProgress | null, onEnd: () => void): void {
  const ended = progress !== null && progress.state !== 'running';
  useEffect(() => {
    if (ended) onEnd();
  }, [ended, progress?.jobId, onEnd]);
}
