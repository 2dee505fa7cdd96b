/**
 * Files the OS asked Prospect Desk to open (double-click, "Open with", the
 * command line), taken from main when the page starts — a file opened at
 * launch waits there until then — and again whenever main announces more
 * (`files:opened`). The shell switches to Lists when some arrive; the Lists
 * page takes them from here and imports them.
 */
import type { OpenedFileEntry } from '../../../../shared/opened-files';
import { api } from '../../lib/api';

let waiting: OpenedFileEntry[] = [];
let arrivals = 0;
const listeners = new Set<() => void>();
/** One take at a time, so entries stay in the order main queued them. */
let taking: Promise<void> = Promise.resolve();

function takeFromMain(): void {
  taking = taking.then(async () => {
    const result = await api.takeOpenedFiles().catch(() => null);
    if (!result?.ok || result.value.files.length === 0) return;
    waiting = [...waiting, ...result.value.files];
    arrivals += 1;
    for (const listener of listeners) listener();
  });
}

// For the app's lifetime, and before the first take: nothing opened in
// between is missed.
api.onFileOpened(() => takeFromMain());
takeFromMain();

export const openedFilesInbox = {
  /** How many batches have arrived so far: a new one brings the Lists page up. */
  arrivals: (): number => arrivals,
  /** Removes and returns everything waiting. */
  takeAll(): OpenedFileEntry[] {
    const taken = waiting;
    waiting = [];
    return taken;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /**
   * Like `subscribe`, and also called soon (a microtask later, never during
   * the caller's render or effect) when files already wait.
   */
  whenWaiting(listener: () => void): () => void {
    listeners.add(listener);
    if (waiting.length > 0) queueMicrotask(() => listeners.has(listener) && listener());
    return () => listeners.delete(listener);
  },
};
