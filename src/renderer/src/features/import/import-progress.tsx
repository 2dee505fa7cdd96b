import type { ImportProgress } from '../../../../shared/import/session-types';
import { ProgressTrack } from '../../components/progress-track';
import { formatCount, formatDuration, formatMb } from '../../lib/format';

/** Reading a file or a saved list: rows so far, megabytes, time left, and Cancel. */
export function ImportProgressBar({
  label,
  progress,
  onCancel,
}: {
  label: string;
  progress: ImportProgress | null;
  onCancel?: () => void;
}) {
  const read = progress?.bytesRead ?? 0;
  const total = progress?.totalBytes ?? null;
  const percent = total ? Math.min(100, Math.round((read / total) * 100)) : 0;
  return (
    <div className="progress" data-testid="import-progress">
      <ProgressTrack percent={percent} label={label} />
      <div className="progress-text">
        <span>{label}</span>
        <span data-testid="import-progress-text">
          {progress && progress.rows > 0 && `${formatCount(progress.rows)} rows · `}
          {formatMb(read)}
          {total !== null && ` of ${formatMb(total)}`}
          {progress?.etaMs != null && ` · about ${formatDuration(progress.etaMs)} left`}
        </span>
        {onCancel && (
          <button
            type="button"
            className="button secondary"
            onClick={onCancel}
            data-testid="import-cancel"
          >
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
