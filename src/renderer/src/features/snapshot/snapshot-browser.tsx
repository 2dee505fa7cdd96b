import { useState } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type {
  CampaignMembershipInfo,
  SnapshotGridFilter,
  SnapshotMeta,
} from '../../../../shared/snapshot';
import { ErrorMessage } from '../../components/error-message';
import { formatCount } from '../../lib/format';
import { CampaignSync } from './campaign-sync';
import { SnapshotExport } from './snapshot-export';
import { SnapshotFilters } from './snapshot-filters';
import { SnapshotGrid } from './snapshot-grid';
import { useSnapshotRows } from './use-snapshot-rows';

/**
 * Browse a snapshot: filters, "N of M prospects", the grid, and an export of
 * what the filter shows. Reads only the local snapshot, so it works offline.
 */
export function SnapshotBrowser({
  account,
  meta,
  campaigns,
  dataVersion,
  onCampaignsLoaded,
}: {
  account: AccountRef;
  meta: SnapshotMeta;
  campaigns: CampaignMembershipInfo | null;
  dataVersion: number;
  onCampaignsLoaded(): void;
}) {
  const [filter, setFilter] = useState<SnapshotGridFilter>({});
  const rows = useSnapshotRows(account, filter, dataVersion);
  const busy = rows.busy && rows.error === null;

  return (
    <div className="card snapshot-browser" data-testid="snapshot-browser">
      <h2>Browse the snapshot</h2>
      <CampaignSync account={account} campaigns={campaigns} onFinished={onCampaignsLoaded} />
      <SnapshotFilters campaigns={campaigns} onChange={setFilter} />
      <p
        className="snapshot-count"
        aria-live="polite"
        data-testid="snapshot-count"
        data-busy={busy ? 'true' : 'false'}
        data-total={rows.total ?? ''}
      >
        {rows.total === null
          ? 'Searching…'
          : `${formatCount(rows.total)} of ${formatCount(meta.count)} prospects`}
        {busy && rows.total !== null && <span className="muted"> · searching…</span>}
      </p>
      <ErrorMessage
        message={
          rows.error &&
          `Could not read the snapshot: ${rows.error} Try again, or run a full resync.`
        }
        testId="snapshot-query-error"
      />
      <SnapshotGrid rows={rows} label="Prospects in the snapshot" />
      <SnapshotExport account={account} filter={filter} shown={rows.total} />
    </div>
  );
}
