import type { KeyboardEvent } from 'react';
import { DataGrid } from '../../components/data-grid';
import { SNAPSHOT_COLUMNS } from './snapshot-columns';
import type { SnapshotRows } from './use-snapshot-rows';

const noEdit = async () => undefined;

/**
 * Keys that would open the shared grid's cell editor. The snapshot is a
 * read-only copy (changes go through updates, not the grid), so they are
 * stopped before they reach it; navigation keys pass.
 */
const opensEditor = (event: KeyboardEvent) =>
  event.key === 'Enter' ||
  event.key === 'F2' ||
  (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey);

/** The snapshot in the virtualised grid: only the windows around the viewport are fetched. */
export function SnapshotGrid({ rows, label }: { rows: SnapshotRows; label: string }) {
  return (
    <div
      className="snapshot-grid"
      aria-busy={rows.busy}
      onKeyDownCapture={(event) => {
        if (opensEditor(event)) event.stopPropagation();
      }}
      onDoubleClickCapture={(event) => event.stopPropagation()}
    >
      <DataGrid
        label={label}
        columns={SNAPSHOT_COLUMNS}
        rowCount={rows.total}
        rowAt={(position) => rows.cache.row(position)}
        onRangeChange={rows.ensure}
        sort={undefined}
        onEdit={noEdit}
        settled={!rows.busy}
      />
    </div>
  );
}
