import { StatusSelect } from '../../components/status-select';
import { useEffect, useState } from 'react';
import type { CampaignMembershipInfo, SnapshotGridFilter } from '../../../../shared/snapshot';
import { formatCount } from '../../lib/format';
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

/**
 * Status, tag, contacted, campaign (once membership is loaded) and text
 * search over the snapshot; reports the filter as it settles.
 */
export function SnapshotFilters({
  campaigns,
  onChange,
}: {
  campaigns: CampaignMembershipInfo | null;
  onChange(filter: SnapshotGridFilter): void;
}) {
  const [input, setInput] = useState<FilterInput>(EMPTY_FILTER_INPUT);
  const tag = useDebounced(input.tag);
  const text = useDebounced(input.text);
  const { status, contacted } = input;
  // A campaign no longer in the loaded membership is not kept.
  const campaign = campaigns?.campaigns.some((c) => String(c.id) === input.campaign)
    ? input.campaign
    : '';
  const set = (patch: Partial<FilterInput>) => setInput((i) => ({ ...i, ...patch }));

  useEffect(() => {
    onChange(toSnapshotFilter({ status, contacted, tag, text, campaign }));
  }, [status, contacted, tag, text, campaign, onChange]);

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
      <label className="inline">
        Campaign
        <select
          value={campaign}
          onChange={(e) => set({ campaign: e.target.value })}
          disabled={!campaigns}
          title={campaigns ? undefined : 'Load the campaigns first (button above the grid)'}
          data-testid="snapshot-filter-campaign"
        >
          <option value="">Any</option>
          {campaigns?.campaigns.map((c) => (
            <option key={c.id} value={String(c.id)}>
              Campaign {c.id} ({formatCount(c.prospects)})
            </option>
          ))}
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
