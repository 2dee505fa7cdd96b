import { useState } from 'react';
import type { ListMeta } from '../../../../shared/lists';
import type { ConnectionSummary } from '../../../../shared/connections';
import { ProgressBar } from '../../components/progress-bar';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { DELETIONS_NOTE, formatAge } from '../snapshot/snapshot-age';
import { useNow } from '../snapshot/use-snapshot-info';
import type { SnapshotInfo } from '../snapshot/use-snapshot-info';
import { AccountSelect } from '../../components/account-select';
import { previewErrorText } from './preview-errors';
import { PREVIEW_CLEARED, updateStore } from './update-store';
import type { UpdateFlowState } from './update-store';

/**
 * Step 1: which saved list goes to which account, how blank cells count,
 * and the Preview job. Changing anything forgets the open preview, so what
 * is applied is always what was previewed.
 */
export function PreviewForm({
  flow,
  lists,
  connections,
  snapshot,
  busy,
}: {
  flow: UpdateFlowState;
  lists: ListMeta[];
  connections: ConnectionSummary[];
  snapshot: SnapshotInfo;
  /** An apply, retry or revert is running: the form waits. */
  busy: boolean;
}) {
  const progress = useJob(flow.previewJob);
  const [startError, setStartError] = useState<string | null>(null);
  const running = progress?.state === 'running';
  const disabled = running || busy;
  const change = (patch: Partial<UpdateFlowState>) =>
    updateStore.update({ ...patch, ...PREVIEW_CLEARED, previewJob: null });
  const noSnapshot = snapshot.loaded && snapshot.meta === null && snapshot.error === null;
  const canPreview = flow.listId !== '' && flow.connectionId !== '' && !noSnapshot && !disabled;

  const start = async () => {
    setStartError(null);
    updateStore.update({ ...PREVIEW_CLEARED, previewJob: null });
    const result = await api.startUpdatePreview({
      connectionId: flow.connectionId,
      ...(flow.companyId !== null && { companyId: flow.companyId }),
      listId: flow.listId,
      clearBlanks: flow.clearBlanks,
      refresh: flow.refresh,
    });
    if (result.ok) updateStore.update({ previewJob: result.value.jobId });
    else setStartError(result.error.message);
  };

  return (
    <form
      className="card update-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (canPreview) void start();
      }}
      data-testid="update-form"
    >
      <h2>1. What to update</h2>
      <div className="update-fields">
        <label className="inline">
          Saved list
          <select
            value={flow.listId}
            onChange={(e) => change({ listId: e.target.value })}
            disabled={disabled}
            data-testid="update-list"
          >
            {lists.length === 0 && <option value="">No saved list yet</option>}
            {lists.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({formatCount(l.rows)} rows)
              </option>
            ))}
          </select>
        </label>
        <AccountSelect
          testId="update"
          connections={connections}
          connectionId={flow.connectionId}
          companyId={flow.companyId}
          onChange={(connectionId, companyId) => change({ connectionId, companyId })}
          disabled={disabled}
        />
      </div>
      <SnapshotAge snapshot={snapshot} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={flow.refresh}
          onChange={(e) => change({ refresh: e.target.checked })}
          disabled={disabled}
          data-testid="update-refresh"
        />
        Sync changes from Woodpecker first (quick: only what changed since the last sync)
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={flow.clearBlanks}
          onChange={(e) => change({ clearBlanks: e.target.checked })}
          disabled={disabled}
          data-testid="update-clear-blanks"
        />
        Blank cells clear the field{' '}
        <span className="muted">
          (off: a blank cell leaves the stored value unchanged; status is never cleared)
        </span>
      </label>
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={!canPreview}
          data-testid="update-preview"
        >
          Preview
        </button>
        {lists.length === 0 && (
          <span className="muted">Import a file and save it on the Lists page (Alt+2) first.</span>
        )}
      </div>
      {/* A finished preview shows as step 2; its bar would only say "Done". */}
      {progress && progress.state !== 'succeeded' && (
        <ProgressBar
          progress={progress}
          onCancel={() => flow.previewJob && void api.cancelJob({ jobId: flow.previewJob })}
        />
      )}
      {progress?.state === 'cancelled' && (
        <p className="muted">Preview cancelled. Nothing was sent to Woodpecker.</p>
      )}
      <ErrorMessage
        message={progress?.error ? previewErrorText(progress.error) : startError}
        testId="update-preview-error"
      />
    </form>
  );
}

/** "Compared with a snapshot synced 3 minutes ago", or what to do without one. */
function SnapshotAge({ snapshot }: { snapshot: SnapshotInfo }) {
  const now = useNow();
  if (!snapshot.loaded) return <p className="muted">Reading the snapshot…</p>;
  if (snapshot.error) return <ErrorMessage message={snapshot.error} testId="update-snapshot" />;
  const meta = snapshot.meta;
  if (!meta) {
    return (
      <p className="warning-text" data-testid="update-snapshot" data-state="none">
        This account has no snapshot yet: sync it on the Account page (Alt+3), then come back to
        preview.
      </p>
    );
  }
  return (
    <div data-testid="update-snapshot" data-state="ready">
      <p className="muted">
        Compared with a snapshot synced {formatAge(meta.lastSync.finishedAt, now)} (
        {formatCount(meta.count)} prospects).
      </p>
      {!meta.deletionsVisible && (
        <p className="snapshot-note" data-testid="update-deletions-note">
          {DELETIONS_NOTE} Until then a prospect deleted in Woodpecker still shows as changed here.
        </p>
      )}
    </div>
  );
}
