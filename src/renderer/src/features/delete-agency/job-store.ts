import { useSyncExternalStore } from 'react';

/** A small store of which jobs a panel follows, outside React state. */
export interface JobStore<T> {
  get(): T;
  update(patch: Partial<T>): void;
  reset(): void;
  subscribe(listener: () => void): () => void;
}

/**
 * Module state, not component state: leaving the Delete page unmounts its
 * panels, and a backup or delete still running in main must be there, with
 * its result, on return (the same reason as features/delete/flow-store.ts).
 */
export function createJobStore<T extends object>(initial: T): JobStore<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    get: () => state,
    update(patch) {
      state = { ...state, ...patch };
      notify();
    },
    reset() {
      state = initial;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The store's current state; the component re-renders on every change. */
export function useJobStore<T>(store: JobStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
