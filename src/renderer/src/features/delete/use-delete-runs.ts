import { useCallback, useEffect, useState } from 'react';
import type { DeleteRunInfo } from '../../../../shared/delete';
import { api } from '../../lib/api';

export interface DeleteRunsState {
  runs: DeleteRunInfo[];
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** The runs in the backups folder (newest first), for resume and restore. */
export function useDeleteRuns(): DeleteRunsState {
  const [state, setState] = useState({
    runs: [] as DeleteRunInfo[],
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback((result: Awaited<ReturnType<typeof api.listDeleteRuns>>) => {
    setState(
      result.ok
        ? { runs: result.value.runs, loaded: true, error: null }
        : (s) => ({
            ...s,
            loaded: true,
            error: `The backups folder could not be read: ${result.error.message}`,
          }),
    );
  }, []);
  const reload = useCallback(() => api.listDeleteRuns().then(apply), [apply]);
  useEffect(() => {
    void api.listDeleteRuns().then(apply);
  }, [apply]);
  return { ...state, reload };
}
