import { StatusSelect } from '../../components/status-select';
import { useEffect, useState } from 'react';
import type { SnapshotFilter } from '../../../../shared/snapshot';
import { EMPTY_FILTER_INPUT, toSnapshotFilter } from './snapshot-filter';
import type { FilterInput } from './snapshot-filter';

/**
 * Typed text settles this long after the last keystroke: a text search over a
 * million prospects takes over a second in main, so not one per key.
 */
const DEBOUNCE_MS = 300;

const asContacted = (value: string): FilterInput['contacted'] =>
  value === 'yes' || value === 'no' ? value : 'any';

function useDebounced<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** Status, tag, contacted and text search over the snapshot; reports the filter as it settles. */
export function SnapshotFilters({ onChange }: { onChange(filter: SnapshotFilter): void }) {
  const [input, setInput] = useState<FilterInput>(EMPTY_FILTER_INPUT);
  const tag = useDebounced(input.tag);
  const text = useDebounced(input.text);
  const { status, contacted } = input;
  const set = (patch: Partial<FilterInput>) => setInput((i) => ({ ...i, ...patch }));

  useEffect(() => {
    onChange(toSnapshotFilter({ status, contacted, tag, text }));
  }, [status, contacted, tag, text, onChange]);

  return (
    <div className="grid-toolbar snapshot-filters" role="search" data-testid="snapshot-filters">
      <StatusSelect
        value={status}
        onChange={(status) => set({ status })}
        testId="snapshot-filter-status"
      />
      <label className="inline">
        Tag
        <input
          type="text"
          placeholder="#vip"
          value={input.tag}
          onChange={(e) => set({ tag: e.target.value })}
          data-testid="snapshot-filter-tag"
        />
      </label>
      <label className="inline">
        Contacted
        <select
          value={contacted}
          onChange={(e) => set({ contacted: asContacted(e.target.value) })}
          data-testid="snapshot-filter-contacted"
        >
          <option value="any">Any</option>
          <option value="yes">Contacted</option>
          <option value="no">Never contacted</option>
        </select>
      </label>
      <input
        type="search"
        placeholder="Search every field"
        aria-label="Search every field"
        value={input.text}
        onChange={(e) => set({ text: e.target.value })}
        data-testid="snapshot-search"
      />
    </div>
  );
}
