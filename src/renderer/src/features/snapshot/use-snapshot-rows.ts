import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type { GridWindow } from '../../../../shared/import/session-types';
import type { SnapshotGridFilter } from '../../../../shared/snapshot';
import { api } from '../../lib/api';
import { RowWindowCache } from '../import/row-window-cache';
import { prospectRow } from './snapshot-columns';
import { filterKey } from './snapshot-filter';

interface SnapshotQuery {
  ref: AccountRef;
  filter: SnapshotGridFilter;
}

/**
 * Rows per `snapshot:query` request and windows kept: main answers at most
 * 1,000 rows a call (contract.ts), and a few windows around the viewport are
 * all the grid ever holds, never the whole snapshot.
 */
const WINDOW_ROWS = 500;
const MAX_WINDOWS = 6;

const keyOf = (q: SnapshotQuery) =>
  `${q.ref.connectionId}#${q.ref.companyId ?? ''}#${filterKey(q.filter)}`;

async function fetchWindow(q: SnapshotQuery, offset: number, limit: number): Promise<GridWindow> {
  const result = await api.querySnapshot({ ...q.ref, filter: q.filter, offset, limit });
  if (!result.ok) throw new Error(result.error.message);
  return {
    total: result.value.total,
    offset,
    rows: result.value.rows.map((p, i) => prospectRow(p, offset + i)),
  };
}

export interface SnapshotRows {
  /** Prospects matching the filter (null until the first window arrives). */
  total: number | null;
  /** True while a window is being fetched (a text search over 1M rows takes over a second). */
  busy: boolean;
  error: string | null;
  cache: RowWindowCache<SnapshotQuery>;
  ensure(start: number, end: number): void;
}

/**
 * The snapshot's rows for the grid, window by window: a new account or filter
 * resets the cache; a new `dataVersion` (a sync finished) refetches what is on
 * screen while still showing the old rows.
 */
export function useSnapshotRows(
  ref: AccountRef,
  filter: SnapshotGridFilter,
  dataVersion: number,
): SnapshotRows {
  const [cache] = useState(() => {
    const query = { ref, filter };
    return new RowWindowCache(fetchWindow, query, keyOf(query), WINDOW_ROWS, MAX_WINDOWS);
  });
  useSyncExternalStore(cache.subscribe, cache.getVersion);

  const { connectionId, companyId } = ref;
  useEffect(() => {
    const query = {
      ref: companyId === undefined ? { connectionId } : { connectionId, companyId },
      filter,
    };
    cache.setQuery(query, keyOf(query));
  }, [cache, connectionId, companyId, filter]);
  // The version at mount is what the first fetch already shows.
  const [mountedVersion] = useState(dataVersion);
  useEffect(() => {
    if (dataVersion !== mountedVersion) cache.invalidate();
  }, [cache, dataVersion, mountedVersion]);

  const ensure = useCallback((start: number, end: number) => cache.ensure(start, end), [cache]);
  return { total: cache.total, busy: !cache.settled(), error: cache.error, cache, ensure };
}
