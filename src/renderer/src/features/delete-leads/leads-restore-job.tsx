import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { jobResult } from '../delete/job-results';
import { useEnded } from '../delete-agency/use-ended';
import { leadsRestoreResultSchema } from './leads-results';

/** A Leads restore: progress, then how many came back and why the others did not. */
export function LeadsRestoreJob({
  jobId,
  runId,
  onEnd,
}: {
  jobId: string;
  runId: string;
  onEnd?: () => void;
}) {
  const progress = useJob(jobId);
  useEnded(progress, onEnd ?? noop);
  const parsed = jobResult(progress, leadsRestoreResultSchema);
  const result = parsed?.ok ? parsed.value : null;
  return (
    <div className="card notice" data-testid="leads-restore-job">
      <h2>
        Restoring leads of <code>{runId}</code>
      </h2>
      {progress && (
        <ProgressBar progress={progress} onCancel={() => void api.cancelJob({ jobId })} />
      )}
      {result && (
        <div data-testid="leads-restore-result">
          <p className={result.failed + result.notRestorable === 0 ? 'success' : 'warning-text'}>
            Restored {formatCount(result.restored)} leads; {formatCount(result.failed)} failed,{' '}
            {formatCount(result.notRestorable)} cannot be restored, {formatCount(result.skipped)}{' '}
            were not changed by the run.
          </p>
          {result.notRestorable > 0 && (
            <p className="muted">
              Deleted leads cannot be restored through the Leads API; the backup keeps them:{' '}
              <code>{result.backupFile}</code>
            </p>
          )}
          {result.leads.some((l) => l.status === 'failed') && (
            <ul className="problem-list">
              {result.leads
                .filter((l) => l.status === 'failed')
                .slice(0, 50)
                .map((l) => (
                  <li key={l.id}>
                    <code>{l.id}</code>: {l.message ?? 'failed'}
                  </li>
                ))}
            </ul>
          )}
          {result.failed > 0 && (
            <p className="muted">Restore again to retry the failed ones: it is safe to repeat.</p>
          )}
        </div>
      )}
      <ErrorMessage
        message={
          (parsed && !parsed.ok && parsed.message) ||
          (progress?.error
            ? `${progress.error.message} Nothing else was changed; check the connection and try again.`
            : null)
        }
        testId="leads-restore-error"
      />
    </div>
  );
}

const noop = () => undefined;
