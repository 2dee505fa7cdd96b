import { useEffect, useState } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type { PendingSnapshotSync, SnapshotSyncMode } from '../../../../shared/snapshot';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { useOnline } from '../../lib/use-online';
import { pendingSummary } from './snapshot-age';
import { syncErrorText } from './sync-errors';

/** "Full sync: 3 requests, 2,500 prospects received." from a finished job's result. */
function syncResultText(requested: SnapshotSyncMode, result: Record<string, unknown>): string {
  const mode = result.mode === 'full' ? 'full' : 'incremental';
  const requests = Number(result.requests ?? 0);
  const received = Number(result.received ?? 0);
  const parts = [
    `${mode === 'full' ? 'Full sync' : 'Changes synced'}: ${formatCount(requests)} ${requests === 1 ? 'request' : 'requests'}, ${formatCount(received)} ${received === 1 ? 'prospect' : 'prospects'} received.`,
  ];
  if (requested === 'incremental' && mode === 'full') {
    parts.push('There was no snapshot yet, so a full sync ran.');
  }
  if (typeof result.resumedFromPage === 'number') {
    parts.push(`Resumed at page ${formatCount(result.resumedFromPage)}.`);
  }
  return parts.join(' ');
}

/**
 * Sync changes (incremental), full resync, or resume a stopped full sync, as
 * a job with progress and Cancel. `onFinished` runs once the job ends, however
 * it ends (a cancelled full sync leaves a resumable one behind).
 */
export function SnapshotSync({
  account,
  hasSnapshot,
  pending,
  onFinished,
}: {
  account: AccountRef;
  hasSnapshot: boolean;
  pending: PendingSnapshotSync | null;
  onFinished(): void;
}) {
  const online = useOnline();
  const [job, setJob] = useState<{ id: string; mode: SnapshotSyncMode } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useJob(job?.id ?? null);
  const state = progress?.state;
  const running = state === 'running' || (job !== null && !progress);

  useEffect(() => {
    if (state && state !== 'running') onFinished();
  }, [state, onFinished]);

  const start = async (mode: SnapshotSyncMode) => {
    setError(null);
    setJob(null);
    const result = await api.startSnapshotSync({ ...account, mode });
    if (result.ok) setJob({ id: result.value.jobId, mode });
    else setError(syncErrorText(result.error));
  };
  const disabled = running || !online;

  return (
    <div className="snapshot-sync" data-testid="snapshot-sync">
      {pending && !running && (
        <p className="snapshot-pending" data-testid="snapshot-pending">
          {pendingSummary(pending)} —{' '}
          <button
            type="button"
            className="button"
            onClick={() => void start('full')}
            disabled={disabled}
            data-testid="snapshot-resume"
          >
            Resume
          </button>
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => void start('incremental')}
          disabled={disabled}
          title={hasSnapshot ? 'Download prospects changed since the last sync' : undefined}
          data-testid="snapshot-sync-changes"
        >
          {hasSnapshot ? 'Sync changes' : 'Sync'}
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => void start('full')}
          disabled={disabled}
          title="Download every prospect again (also removes prospects deleted elsewhere)"
          data-testid="snapshot-full-resync"
        >
          Full resync
        </button>
        {!online && (
          <span className="muted" data-testid="snapshot-offline">
            You are offline: browsing the snapshot still works; syncing needs a connection.
          </span>
        )}
      </div>
      {progress && (
        <ProgressBar
          progress={progress}
          onCancel={() => job && void api.cancelJob({ jobId: job.id })}
        />
      )}
      {job && state === 'succeeded' && progress?.result && (
        <p className="success" data-testid="snapshot-sync-result">
          {syncResultText(job.mode, progress.result)}
        </p>
      )}
      {state === 'cancelled' && (
        <p className="muted" data-testid="snapshot-sync-cancelled">
          Sync cancelled. The snapshot you had is unchanged; a full sync can resume where it
          stopped.
        </p>
      )}
      <ErrorMessage
        message={
          error ?? (state === 'failed' && progress?.error ? syncErrorText(progress.error) : null)
        }
        testId="snapshot-sync-error"
      />
    </div>
  );
}
