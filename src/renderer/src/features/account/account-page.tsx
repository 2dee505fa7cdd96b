import { useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import { api } from '../../lib/api';
import { useJob } from '../../lib/use-job';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { formatCount } from '../../lib/format';
import { SnapshotSection } from '../snapshot/snapshot-section';

/** The active account: export every prospect to a file, with progress and cancel. */
export function AccountPage({ connection }: { connection: ConnectionSummary | null }) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useJob(jobId);

  if (!connection) {
    return (
      <section className="page">
        <h1>Account</h1>
        <p className="empty">Choose a connection first (Connections → “Use this connection”).</p>
      </section>
    );
  }

  const start = async () => {
    setError(null);
    const result = await api.startAccountExport({ connectionId: connection.id, format });
    if (result.ok) setJobId(result.value.jobId);
    else setError(result.error.message);
  };
  const running = progress?.state === 'running';

  return (
    <section className="page" aria-labelledby="account-title">
      <h1 id="account-title">Account · {connection.label}</h1>
      <div className="card">
        <h2>Export every prospect</h2>
        <p className="muted">
          Downloads the whole account, 1,000 prospects per request, into a file in your data folder.
          Formula-looking cells are neutralised so the CSV is safe to open in Excel.
        </p>
        <div className="actions">
          <label className="radio">
            <input type="radio" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV
          </label>
          <label className="radio">
            <input type="radio" checked={format === 'json'} onChange={() => setFormat('json')} />{' '}
            JSON
          </label>
          <button
            type="button"
            className="button"
            onClick={start}
            disabled={running}
            data-testid="export-start"
          >
            Export
          </button>
        </div>
        {progress && (
          <ProgressBar
            progress={progress}
            onCancel={() => jobId && void api.cancelJob({ jobId })}
          />
        )}
        {progress?.state === 'succeeded' && (
          <p className="success" data-testid="export-result">
            Exported {formatCount(Number(progress.result?.prospects ?? 0))} prospects to{' '}
            <code>{String(progress.result?.path ?? '')}</code>
          </p>
        )}
        {progress?.state === 'cancelled' && (
          <p className="muted">Export cancelled; no file was written.</p>
        )}
        <ErrorMessage message={error ?? progress?.error?.message ?? null} testId="export-error" />
      </div>
      <SnapshotSection connection={connection} />
    </section>
  );
}
