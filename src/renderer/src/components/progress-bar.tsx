import type { JobProgress } from '../../../shared/jobs';
import { formatCount, formatDuration } from '../lib/format';

/** A job's progress: bar, counts, ETA and a Cancel button while it runs. */
export function ProgressBar({
  progress,
  onCancel,
}: {
  progress: JobProgress;
  onCancel?: () => void;
}) {
  const { done, total, etaMs, state, message } = progress;
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="progress" data-testid="job-progress" data-state={state}>
      <div
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={done}
        aria-label={message}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className="progress-text">
        <span>{message}</span>
        <span>
          {formatCount(done)}
          {total !== null && ` / ${formatCount(total)}`}
          {etaMs !== null && state === 'running' && ` · about ${formatDuration(etaMs)} left`}
        </span>
        {state === 'running' && onCancel && (
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
