import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { GridQuery } from '../../../../shared/import/session-types';
import { queryKey } from '../../../../shared/import/session-view';
import type { ImportController } from './import-controller';
import { RowWindowCache } from './row-window-cache';

/** What the grid shows: the query, and the rows fetched for it window by window. */
export interface GridView {
  query: GridQuery;
  setQuery(update: (query: GridQuery) => GridQuery): void;
  cache: RowWindowCache<GridQuery>;
  ensure(start: number, end: number): void;
}

/**
 * Keeps the grid's row cache in step with the query and the data: a new query
 * resets it; `dataVersion` (rows arrived, a mapping or an edit) refetches the
 * rows on screen while still showing the old ones.
 */
export function useGridView(controller: ImportController, dataVersion: number): GridView {
  const [query, setQueryState] = useState<GridQuery>({ filter: 'all' });
  const [cache] = useState(
    () =>
      new RowWindowCache<GridQuery>(
        (q, offset, limit) => controller.client.call('query', { query: q, offset, limit }),
        query,
        queryKey(query),
      ),
  );
  useSyncExternalStore(cache.subscribe, cache.getVersion);

  useEffect(() => cache.setQuery(query, queryKey(query)), [cache, query]);
  useEffect(() => {
    if (dataVersion > 0) cache.invalidate();
  }, [cache, dataVersion]);

  const ensure = useCallback((start: number, end: number) => cache.ensure(start, end), [cache]);
  const setQuery = useCallback(
    (update: (query: GridQuery) => GridQuery) => setQueryState(update),
    [],
  );
  return { query, setQuery, cache, ensure };
}
