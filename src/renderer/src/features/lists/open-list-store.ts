/**
 * The list open on the Lists page, kept while the user visits other pages:
 * its worker (and rows) live until another list replaces it or it is closed.
 */
import type { ImportController } from '../import/import-controller';

let current: ImportController | null = null;
const listeners = new Set<() => void>();

export const openListStore = {
  get: (): ImportController | null => current,
  /** Replaces the open list; the previous one's worker is terminated. */
  set(next: ImportController | null): void {
    if (current === next) return;
    current?.close();
    current = next;
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
