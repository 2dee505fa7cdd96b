import { useCallback, useEffect, useState } from 'react';
import type { DamagedList } from '../../../../shared/ipc/contract';
import type { ListMeta } from '../../../../shared/lists';
import { api } from '../../lib/api';

export interface SavedListsState {
  lists: ListMeta[];
  /** Saved lists whose files cannot be read: shown, never hidden. */
  damaged: DamagedList[];
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** The lists kept in the data folder (newest first), reloaded after each change. */
export function useSavedLists(): SavedListsState {
  const [state, setState] = useState({
    lists: [] as ListMeta[],
    damaged: [] as DamagedList[],
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback((result: Awaited<ReturnType<typeof api.listLists>>) => {
    setState(
      result.ok
        ? {
            lists: [...result.value.lists].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
            damaged: result.value.damaged,
            loaded: true,
            error: null,
          }
        : (s) => ({
            ...s,
            loaded: true,
            error: `Saved lists could not be read: ${result.error.message}`,
          }),
    );
  }, []);
  const reload = useCallback(() => api.listLists().then(apply), [apply]);
  useEffect(() => {
    void api.listLists().then(apply);
  }, [apply]);
  return { ...state, reload };
}
