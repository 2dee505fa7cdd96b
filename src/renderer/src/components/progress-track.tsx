/** A progress bar's track and fill, announced to screen readers as a percentage. */
export function ProgressTrack({ percent, label }: { percent: number; label: string }) {
  return (
    <div
      className="progress-track"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
