/**
 * Which rows a grid query shows, in what order. Runs in the import worker:
 * filters on the per-row flags are a scan of one byte per row; search, column
 * filters and sorting decode rows from the store, which for a million rows
 * takes a second or two — fine off the UI thread, and cached per query.
 */
import { ROW_DROPPED, ROW_DUPLICATE, ROW_INVALID } from './session-types';
import type { GridQuery, RowFilter } from './session-types';

export interface RowSource {
  readonly count: number;
  flags(index: number): number;
  cells(index: number): string[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function matchesFilter(flags: number, filter: RowFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'errors':
      return (flags & ROW_INVALID) !== 0;
    case 'duplicates':
      return (flags & (ROW_DUPLICATE | ROW_DROPPED)) !== 0;
    case 'valid':
      return (flags & (ROW_INVALID | ROW_DROPPED)) === 0;
  }
}

/** Row indices matching `query`, sorted as asked (source order otherwise). */
export function selectRows(rows: RowSource, query: GridQuery): Uint32Array {
  const search = query.search?.trim().toLowerCase() ?? '';
  const column = query.column && query.column.contains.trim() !== '' ? query.column : null;
  const needle = column?.contains.trim().toLowerCase() ?? '';
  const needsCells = search !== '' || column !== null;
  const out = new Uint32Array(rows.count);
  let n = 0;
  for (let i = 0; i < rows.count; i++) {
    if (!matchesFilter(rows.flags(i), query.filter)) continue;
    if (needsCells) {
      const cells = rows.cells(i);
      if (column && !(cells[column.index] ?? '').toLowerCase().includes(needle)) continue;
      if (search !== '' && !cells.some((cell) => cell.toLowerCase().includes(search))) continue;
    }
    out[n++] = i;
  }
  const selected = out.slice(0, n);
  return query.sort ? sortRows(rows, selected, query.sort.column, query.sort.direction) : selected;
}

function sortRows(
  rows: RowSource,
  indices: Uint32Array,
  column: number,
  direction: 'asc' | 'desc',
): Uint32Array {
  const keyed = Array.from(indices, (index) => ({ index, value: rows.cells(index)[column] ?? '' }));
  const sign = direction === 'asc' ? 1 : -1;
  // Stable: equal values keep source order in either direction.
  keyed.sort((a, b) => sign * collator.compare(a.value, b.value) || a.index - b.index);
  return Uint32Array.from(keyed, (k) => k.index);
}

/** A cache key for a query: the same query reuses its selection until data changes. */
export function queryKey(query: GridQuery): string {
  return JSON.stringify([
    query.filter,
    query.search ?? '',
    query.column ?? null,
    query.sort ?? null,
  ]);
}
