import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../../shared/history';
import { api } from '../../lib/api';

export interface HistoryState {
  entries: HistoryEntry[];
  /** Lines of the history file that could not be read (kept in the file, not shown). */
  unreadable: number;
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** The history of changes made to accounts, newest first. */
export function useHistory(): HistoryState {
  const [state, setState] = useState({
    entries: [] as HistoryEntry[],
    unreadable: 0,
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback((result: Awaited<ReturnType<typeof api.listHistory>>) => {
    setState(
      result.ok
        ? {
            entries: [...result.value.entries].sort((a, b) =>
              b.finishedAt.localeCompare(a.finishedAt),
            ),
            unreadable: result.value.unreadable,
            loaded: true,
            error: null,
          }
        : (s) => ({
            ...s,
            loaded: true,
            error: `The history could not be read: ${result.error.message}`,
          }),
    );
  }, []);
  const reload = useCallback(() => api.listHistory().then(apply), [apply]);
  useEffect(() => {
    void api.listHistory().then(apply);
  }, [apply]);
  return { ...state, reload };
}
