import { ErrorMessage } from '../../components/error-message';
import { ProgressTrack } from '../../components/progress-track';
import { formatMb } from '../../lib/format';

/** A file opened with the app, while its bytes come over from main. */
export interface OpeningFile {
  name: string;
  size: number;
  bytesRead: number;
}

/**
 * Above the Lists page: the file opened with the app being read (then it is
 * imported like a dropped one), and why opened files were not imported.
 */
export function OpenedFileStatus({
  opening,
  notices,
  onCancel,
  onDismiss,
}: {
  opening: OpeningFile | null;
  notices: string[];
  onCancel(): void;
  onDismiss(): void;
}) {
  if (!opening && notices.length === 0) return null;
  const percent = opening?.size
    ? Math.min(100, Math.round((opening.bytesRead / opening.size) * 100))
    : 0;
  return (
    <div className="page card" data-testid="opened-file">
      {opening && (
        <div className="progress" data-testid="opened-file-progress">
          <ProgressTrack percent={percent} label={`Opening ${opening.name}`} />
          <div className="progress-text">
            <span>Opening {opening.name}</span>
            <span>
              {formatMb(opening.bytesRead)} of {formatMb(opening.size)}
            </span>
            <button
              type="button"
              className="button secondary"
              onClick={onCancel}
              data-testid="opened-file-cancel"
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {notices.map((notice, i) => (
        <ErrorMessage key={i} message={notice} testId="opened-file-error" />
      ))}
      {notices.length > 0 && (
        <button
          type="button"
          className="button secondary"
          onClick={onDismiss}
          data-testid="opened-file-dismiss"
        >
          Dismiss
        </button>
      )}
    </div>
  );
}
