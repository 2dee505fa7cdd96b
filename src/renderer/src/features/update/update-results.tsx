import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { ConfirmDialog } from '../lists/confirm-dialog';
import { parseJobResult, retryResultSchema, revertResultSchema } from './job-results';
import type { ApplyResult, OutcomeCounts } from './job-results';
import { OutcomeList } from './outcome-list';
import { runErrorText } from './preview-errors';
import { updateStore } from './update-store';
import type { UpdateFlowState } from './update-store';

const COUNT_KEYS: (keyof OutcomeCounts)[] = [
  'updated',
  'added',
  'unchanged',
  'invalid',
  'failed',
  'unknown',
];

/**
 * Step 4: what the update did — counts, every row's outcome, the files —
 * then "Retry failed rows" and "Revert" (after a confirmation), each a job.
 */
export function UpdateResults({ flow, result }: { flow: UpdateFlowState; result: ApplyResult }) {
  const retry = useJob(flow.retryJob);
  const revert = useJob(flow.revertJob);
  const retried = parseJobResult(retry, retryResultSchema);
  const reverted = parseJobResult(revert, revertResultSchema);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const counts = retried?.ok ? retried.value.counts : result.counts;
  const running = retry?.state === 'running' || revert?.state === 'running';

  const start = async (kind: 'retry' | 'revert') => {
    setError(null);
    const call = kind === 'retry' ? api.startUpdateRetry : api.startUpdateRevert;
    const started = await call({ runId: result.runId });
    if (!started.ok) return setError(`${started.error.message} Nothing was sent.`);
    updateStore.update(
      kind === 'retry' ? { retryJob: started.value.jobId } : { revertJob: started.value.jobId },
    );
  };

  return (
    <section
      className="card"
      aria-labelledby="update-results-title"
      data-testid="update-results"
      data-run-id={result.runId}
    >
      <h2 id="update-results-title">4. Results</h2>
      <dl className="counts">
        {COUNT_KEYS.map((key) => (
          <div key={key} className={`count count-${key}`}>
            <dt>{key}</dt>
            <dd data-testid={`update-result-${key}`}>{formatCount(counts[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        {formatCount(result.requests)} update requests; {formatCount(result.backupCount)} prospects
        backed up before. Run <code>{result.runId}</code>.
      </p>
      {result.notCleared > 0 && (
        <p className="warning-text" data-testid="update-not-cleared">
          Woodpecker kept the value of {formatCount(result.notCleared)} prospects&apos; fields that
          were sent empty: they were not cleared (code NOT_CLEARED in the success file).
        </p>
      )}
      <ul className="paths" data-testid="update-paths">
        <li>
          Success CSV: <code data-testid="update-path-success">{result.files.success}</code>
        </li>
        <li>
          Error CSV: <code data-testid="update-path-errors">{result.files.errors}</code>
        </li>
        <li>
          Backup: <code data-testid="update-path-backup">{result.files.backup}</code>
        </li>
      </ul>
      <div className="actions">
        {counts.failed > 0 && (
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={() => void start('retry')}
            data-testid="update-retry"
          >
            Retry failed rows
          </button>
        )}
        <button
          type="button"
          className="button danger"
          disabled={running || reverted?.ok === true}
          onClick={() => setConfirming(true)}
          data-testid="update-revert"
        >
          Revert…
        </button>
      </div>
      {counts.failed > 0 && (
        <p className="muted">
          Retry sends again the rows Woodpecker refused (or that were cancelled before sending).
          Rows held back because they changed in Woodpecker after the preview
          (CHANGED_SINCE_PREVIEW) are not retried: preview the list again.
        </p>
      )}
      {retry && (
        <div data-testid="update-retry-job">
          <ProgressBar
            progress={retry}
            onCancel={() => void api.cancelJob({ jobId: retry.jobId })}
          />
          {retried?.ok && (
            <p className="success" data-testid="update-retry-result">
              Retried {formatCount(retried.value.retried)} rows in{' '}
              {formatCount(retried.value.requests)} requests.
            </p>
          )}
        </div>
      )}
      {revert && (
        <div data-testid="update-revert-job">
          <ProgressBar
            progress={revert}
            onCancel={() => void api.cancelJob({ jobId: revert.jobId })}
          />
          {reverted?.ok && (
            <div data-testid="update-revert-result">
              <p className={reverted.value.failed === 0 ? 'success' : 'warning-text'}>
                Reverted {formatCount(reverted.value.reverted)} prospects;{' '}
                {formatCount(reverted.value.failed)} failed.{' '}
                {reverted.value.added > 0 &&
                  `${formatCount(reverted.value.added)} added prospects stay (a revert never deletes).`}
              </p>
              <ul className="paths">
                <li>
                  Revert success CSV: <code>{reverted.value.files.success}</code>
                </li>
                <li>
                  Revert error CSV: <code>{reverted.value.files.errors}</code>
                </li>
              </ul>
            </div>
          )}
        </div>
      )}
      <ErrorMessage
        message={
          error ??
          (retried && !retried.ok ? retried.message : null) ??
          (reverted && !reverted.ok ? reverted.message : null) ??
          (retry?.error ? runErrorText('The retry', retry.error) : null) ??
          (revert?.error ? runErrorText('The revert', revert.error) : null)
        }
        testId="update-results-error"
      />
      <h3>Rows</h3>
      <OutcomeList runId={result.runId} version={`${flow.retryJob ?? ''}:${retry?.state ?? ''}`} />
      {confirming && (
        <ConfirmDialog
          title="Revert this update?"
          confirmLabel="Revert"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void start('revert');
          }}
        >
          <p>
            This re-sends the backed-up values of the fields this update changed, for the{' '}
            {formatCount(counts.updated)} updated prospects.
          </p>
          <p>The {formatCount(counts.added)} prospects it added stay: a revert never deletes.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
