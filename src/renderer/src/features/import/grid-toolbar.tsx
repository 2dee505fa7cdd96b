import { useEffect, useState } from 'react';
import type { GridQuery, RowFilter } from '../../../../shared/import/session-types';
import { cleanHeader } from '../../../../shared/import/header-key';
import { formatCount } from '../../lib/format';

const FILTERS: { value: RowFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'errors', label: 'Errors' },
  { value: 'duplicates', label: 'Duplicates' },
  { value: 'valid', label: 'Valid' },
];
const DEBOUNCE_MS = 250;

/** Text that settles `DEBOUNCE_MS` after the last keystroke. */
function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** Filter (all / errors / duplicates / valid), search, and a per-column "contains" filter. */
export function GridToolbar({
  headers,
  query,
  shown,
  setQuery,
  searchable,
}: {
  headers: string[];
  query: GridQuery;
  shown: number | null;
  setQuery(update: (query: GridQuery) => GridQuery): void;
  /**
   * False while the file loads: search and column filters decode every row,
   * which would compete with parsing on each refresh.
   */
  searchable: boolean;
}) {
  const [search, setSearch] = useState('');
  const [column, setColumn] = useState(0);
  const [contains, setContains] = useState('');
  const settledSearch = useDebounced(search);
  const settledContains = useDebounced(contains);

  useEffect(() => {
    setQuery((q) => {
      const next: GridQuery = { ...q, search: settledSearch };
      if (settledContains.trim() === '') delete next.column;
      else next.column = { index: column, contains: settledContains };
      return next;
    });
  }, [settledSearch, settledContains, column, setQuery]);

  return (
    <div className="grid-toolbar" data-testid="grid-toolbar">
      <div role="group" aria-label="Show rows" className="segmented">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={query.filter === f.value}
            onClick={() => setQuery((q) => ({ ...q, filter: f.value }))}
            data-testid={`filter-${f.value}`}
          >
            {f.label}
          </button>
        ))}
      </div>
      <input
        type="search"
        placeholder={searchable ? 'Search all cells' : 'Search once loaded…'}
        aria-label="Search all cells"
        disabled={!searchable}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        data-testid="grid-search"
      />
      <span className="column-filter">
        <select
          aria-label="Column to filter"
          disabled={!searchable}
          value={column}
          onChange={(e) => setColumn(Number(e.target.value))}
          data-testid="grid-filter-column"
        >
          {headers.map((h, i) => (
            <option key={i} value={i}>
              {cleanHeader(h) || `Column ${i + 1}`}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="contains…"
          aria-label="Column contains"
          disabled={!searchable}
          value={contains}
          onChange={(e) => setContains(e.target.value)}
          data-testid="grid-filter-contains"
        />
      </span>
      <span className="muted" data-testid="grid-shown" aria-live="polite">
        {shown === null ? '' : `${formatCount(shown)} row${shown === 1 ? '' : 's'} shown`}
      </span>
    </div>
  );
}
