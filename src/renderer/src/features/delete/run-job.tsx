import { useEffect } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { DeleteResultView } from './delete-result';
import { deleteResultSchema, jobResult, restoreResultSchema } from './job-results';

export interface RunJobRef {
  runId: string;
  kind: 'resume' | 'restore';
  jobId: string;
}

/** A resume or restore started from the runs list: progress, then its result. */
export function RunJob({ job, onEnd }: { job: RunJobRef; onEnd(): void }) {
  const progress = useJob(job.jobId);
  const ended = progress !== null && progress.state !== 'running';
  useEffect(() => {
    if (ended) onEnd();
  }, [ended, onEnd]);
  const deleted = job.kind === 'resume' ? jobResult(progress, deleteResultSchema) : null;
  const restored = job.kind === 'restore' ? jobResult(progress, restoreResultSchema) : null;
  const parseError =
    (deleted && !deleted.ok && deleted.message) || (restored && !restored.ok && restored.message);
  return (
    <div className="card notice" data-testid="run-job" data-kind={job.kind}>
      <h2>
        {job.kind === 'resume' ? 'Resuming' : 'Restoring'} <code>{job.runId}</code>
      </h2>
      {progress && (
        <ProgressBar
          progress={progress}
          onCancel={() => void api.cancelJob({ jobId: job.jobId })}
        />
      )}
      {progress?.state === 'running' && (
        <p className="muted">
          Cancel stops before the next request; the request in flight finishes.
        </p>
      )}
      {deleted?.ok && <DeleteResultView result={deleted.value} />}
      {restored?.ok && (
        <div data-testid="restore-result">
          <p className={restored.value.failed === 0 ? 'success' : 'warning-text'}>
            Restored {formatCount(restored.value.restored)} of {formatCount(restored.value.records)}{' '}
            prospects; {formatCount(restored.value.failed)} failed.
          </p>
          {restored.value.failures.length > 0 && (
            <ul className="problem-list">
              {restored.value.failures.slice(0, 50).map((f) => (
                <li key={f.email}>
                  <code>{f.email}</code>: {f.message} ({f.code})
                </li>
              ))}
            </ul>
          )}
          {restored.value.failed > 0 && (
            <p className="muted">Restore again to retry the failed ones: it never duplicates.</p>
          )}
        </div>
      )}
      {progress?.state === 'cancelled' && (
        <p className="muted">Cancelled. What was done is in the History page.</p>
      )}
      <ErrorMessage
        message={parseError || (progress?.error ? whatToDo(progress.error.message) : null)}
        testId="run-job-error"
      />
    </div>
  );
}

const whatToDo = (message: string) =>
  `${message} Nothing else was changed; check the connection and try again.`;
