import { useState } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type { SnapshotGridFilter } from '../../../../shared/snapshot';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';

/** Exports the prospects the current filter shows, from the snapshot (no API calls). */
export function SnapshotExport({
  account,
  filter,
  shown,
}: {
  account: AccountRef;
  filter: SnapshotGridFilter;
  /** Prospects the filter shows (null while counting). */
  shown: number | null;
}) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useJob(jobId);
  const running = progress?.state === 'running';

  const start = async () => {
    setError(null);
    setJobId(null);
    const result = await api.startSnapshotExport({ ...account, filter, format });
    if (result.ok) setJobId(result.value.jobId);
    else setError(`${result.error.message} Nothing was exported.`);
  };

  return (
    <div className="snapshot-export" data-testid="snapshot-export">
      <div className="actions">
        <span>Export what is shown:</span>
        <label className="radio">
          <input
            type="radio"
            name="snapshot-export-format"
            checked={format === 'csv'}
            onChange={() => setFormat('csv')}
            data-testid="snapshot-export-csv"
          />{' '}
          CSV
        </label>
        <label className="radio">
          <input
            type="radio"
            name="snapshot-export-format"
            checked={format === 'json'}
            onChange={() => setFormat('json')}
            data-testid="snapshot-export-json"
          />{' '}
          JSON
        </label>
        <button
          type="button"
          className="button secondary"
          onClick={start}
          disabled={running || shown === null || shown === 0}
          data-testid="snapshot-export-start"
        >
          {shown === null ? 'Export' : `Export ${formatCount(shown)} prospects`}
        </button>
      </div>
      {progress && (
        <ProgressBar progress={progress} onCancel={() => jobId && void api.cancelJob({ jobId })} />
      )}
      {progress?.state === 'succeeded' && (
        <p className="success" data-testid="snapshot-export-result">
          Exported {formatCount(Number(progress.result?.prospects ?? 0))} prospects to{' '}
          <code>{String(progress.result?.path ?? '')}</code>
        </p>
      )}
      {progress?.state === 'cancelled' && (
        <p className="muted">Export cancelled; no file was written.</p>
      )}
      <ErrorMessage
        message={error ?? progress?.error?.message ?? null}
        testId="snapshot-export-error"
      />
    </div>
  );
}
