import { useCallback, useEffect, useState } from 'react';
import type { UpdateRunInfo } from '../../../../shared/update/update-run-info';
import { api } from '../../lib/api';

export interface UpdateRunsState {
  runs: UpdateRunInfo[];
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** The update runs in the data folder (newest first), for the "Earlier updates" list. */
export function useUpdateRuns(): UpdateRunsState {
  const [state, setState] = useState({
    runs: [] as UpdateRunInfo[],
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback((result: Awaited<ReturnType<typeof api.listUpdateRuns>>) => {
    setState(
      result.ok
        ? { runs: result.value.runs, loaded: true, error: null }
        : (s) => ({
            ...s,
            loaded: true,
            error: `Earlier updates could not be listed: ${result.error.message}`,
          }),
    );
  }, []);
  const reload = useCallback(() => api.listUpdateRuns().then(apply), [apply]);
  useEffect(() => {
    void api.listUpdateRuns().then(apply);
  }, [apply]);
  return { ...state, reload };
}
