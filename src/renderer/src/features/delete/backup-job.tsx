import type { JobProgress } from '../../../../shared/jobs';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';

/**
 * The backup step of every destructive flow: progress with Cancel, and what
 * a cancel or a failure means (nothing was changed; back up again).
 */
export function BackupJob({
  progress,
  jobId,
  failure,
  describeError = defaultError,
  testId,
}: {
  progress: JobProgress;
  jobId: string | null;
  /** A failure the job reported in its result (e.g. a result that did not parse). */
  failure?: string | null;
  /** What a failed backup means and what to do (default: nothing changed, back up again). */
  describeError?: (error: { code: string; message: string }) => string;
  testId: string;
}) {
  return (
    <div className="card" data-testid={`${testId}-backup-job`}>
      <h2>Backing up</h2>
      <ProgressBar progress={progress} onCancel={() => jobId && void api.cancelJob({ jobId })} />
      {progress.state === 'cancelled' && (
        <p className="muted">Backup cancelled; nothing was changed.</p>
      )}
      <ErrorMessage
        message={progress.error ? describeError(progress.error) : (failure ?? null)}
        testId={`${testId}-backup-error`}
      />
    </div>
  );
}

function defaultError(error: { message: string }): string {
  return `${error.message} Nothing was changed; fix this and back up again.`;
}
