import { useSyncExternalStore } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type { RunJobRef } from './run-job';

/** Which jobs the Delete page follows; kept outside React state (see below). */
export interface DeleteFlowState {
  account: AccountRef | null;
  backupJob: string | null;
  deleteJob: string | null;
  confirmCount: number;
  /** A resume or restore started from the runs list. */
  runJob: RunJobRef | null;
}

const INITIAL: DeleteFlowState = {
  account: null,
  backupJob: null,
  deleteJob: null,
  confirmCount: 0,
  runJob: null,
};

// Module state, not component state: leaving the page unmounts it, and a
// delete still running in main must be there, with its Cancel, on return.
let state = INITIAL;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Changes the followed jobs; every mounted Delete page re-renders. */
export function updateDeleteFlow(patch: Partial<DeleteFlowState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** The jobs the Delete page follows, surviving page switches. */
export function useDeleteFlowState(): DeleteFlowState {
  return useSyncExternalStore(subscribe, () => state);
}
