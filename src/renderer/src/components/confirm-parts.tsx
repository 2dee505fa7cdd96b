import { useId } from 'react';

/**
 * "Type N to delete N prospects": the input every destructive action asks
 * for. The caller keeps the value and enables its button only when it
 * matches exactly; the hint says what is expected, or why it does not match.
 */
export function TypedConfirm({
  label,
  value,
  onChange,
  matches,
  idleHint,
  mismatchHint,
  numeric = false,
  autoFocus = false,
  disabled,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  matches: boolean;
  idleHint: string;
  mismatchHint: string;
  numeric?: boolean;
  autoFocus?: boolean;
  disabled: boolean;
  testId: string;
}) {
  const hintId = useId();
  return (
    <div className="typed-confirm">
      <label className="inline">
        {label}
        <input
          {...(numeric && { inputMode: 'numeric' as const })}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-describedby={hintId}
          data-testid={testId}
        />
      </label>
      <small id={hintId} className="muted">
        {value !== '' && !matches ? mismatchHint : idleHint}
      </small>
    </div>
  );
}

/** The three files of a backup, as selectable text. */
export function BackupPaths({
  backup,
  testId,
}: {
  backup: { manifest: string; jsonl: string; csv: string };
  testId: string;
}) {
  return (
    <dd className="paths" data-testid={testId}>
      <code>{backup.manifest}</code>
      <code>{backup.jsonl}</code>
      <code>{backup.csv}</code>
    </dd>
  );
}

/**
 * The confirmation's buttons: the action (shown only when there is something
 * to do, enabled only once the typed confirmation matches) and Start over.
 */
export function ConfirmActions({
  label,
  danger = true,
  ready,
  busy,
  onConfirm,
  onStartOver,
  testId,
}: {
  /** Null when there is nothing to do. */
  label: string | null;
  danger?: boolean;
  ready: boolean;
  busy: boolean;
  onConfirm(): void;
  onStartOver(): void;
  testId: string;
}) {
  return (
    <div className="actions">
      {label !== null && (
        <button
          type="button"
          className={danger ? 'button danger' : 'button'}
          disabled={!ready || busy}
          onClick={onConfirm}
          data-testid={`${testId}-execute`}
        >
          {label}
        </button>
      )}
      <button
        type="button"
        className="button secondary"
        onClick={onStartOver}
        disabled={busy}
        data-testid={`${testId}-start-over`}
      >
        Start over
      </button>
    </div>
  );
}
