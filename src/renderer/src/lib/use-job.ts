import { useSyncExternalStore } from 'react';
import type { JobProgress } from '../../../shared/jobs';
import { api } from './api';

// One subscription for the app's lifetime, started before any job: a fast job
// can finish before the component that started it receives the job id.
const latest = new Map<string, JobProgress>();
const listeners = new Set<() => void>();
api.onJobProgress((event) => {
  latest.set(event.jobId, event);
  for (const listener of listeners) listener();
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Follows one job's progress events (null until the first arrives). */
export function useJob(jobId: string | null): JobProgress | null {
  return useSyncExternalStore(subscribe, () => (jobId ? (latest.get(jobId) ?? null) : null));
}
