import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/result';

export interface RunListState<T> {
  runs: T[];
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/**
 * The runs main lists from the data folder (newest first), loaded once and on
 * `reload()`. A failed listing keeps what was shown and says why, prefixed by
 * `failure` ("The backups folder could not be read").
 */
export function useRunList<T>(
  list: () => Promise<Result<{ runs: T[] }>>,
  failure: string,
): RunListState<T> {
  const [state, setState] = useState({
    runs: [] as T[],
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback(
    (result: Result<{ runs: T[] }>) =>
      setState(
        result.ok
          ? { runs: result.value.runs, loaded: true, error: null }
          : (s) => ({ ...s, loaded: true, error: `${failure}: ${result.error.message}` }),
      ),
    [failure],
  );
  const reload = useCallback(() => list().then(apply), [list, apply]);
  useEffect(() => {
    void list().then(apply);
  }, [list, apply]);
  return { ...state, reload };
}
