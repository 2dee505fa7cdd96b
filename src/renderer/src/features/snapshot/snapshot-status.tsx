import { DELETIONS_NOTE } from './snapshot-age';
import type { SnapshotInfo } from './use-snapshot-info';

/** The snapshot's status line: how many prospects, how old, and whether deletions show. */
export function SnapshotStatus({ info }: { info: SnapshotInfo }) {
  if (!info.loaded) {
    return (
      <p className="muted" data-testid="snapshot-status" data-state="loading">
        Reading the snapshot…
      </p>
    );
  }
  return (
    <>
      <p
        className="snapshot-status"
        data-testid="snapshot-status"
        data-state={info.meta ? 'ready' : 'none'}
        data-count={info.meta?.count ?? ''}
      >
        {info.summary}
      </p>
      {info.meta && !info.meta.deletionsVisible && (
        <p className="snapshot-note" data-testid="snapshot-deletions-note">
          {DELETIONS_NOTE}
        </p>
      )}
    </>
  );
}
