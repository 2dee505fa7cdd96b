import { useState } from 'react';
import type { DeleteRunInfo } from '../../../../shared/delete';
import { formatCount } from '../../lib/format';
import { ConfirmDialog } from '../lists/confirm-dialog';
import { RESTORE_LIMITS } from './restore-limits';

/** Resuming an interrupted run asks for the typed count again. */
export function ResumePrompt({
  run,
  onResume,
  onCancel,
}: {
  run: DeleteRunInfo;
  onResume(confirmCount: number): void;
  onCancel(): void;
}) {
  const [typed, setTyped] = useState('');
  const matches = typed === String(run.records);
  return (
    <div className="card warning" data-testid="resume-prompt">
      <h2>
        Resume <code>{run.runId}</code>
      </h2>
      <p>
        The run deletes the prospects of its backup that are still in the account; ids already
        deleted are not sent again.
      </p>
      <label className="inline">
        Type {run.records} to delete {formatCount(run.records)} prospects
        <input
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
          data-testid="resume-confirm-input"
        />
      </label>
      <div className="actions">
        <button
          type="button"
          className="button danger"
          disabled={!matches}
          onClick={() => onResume(run.records)}
          data-testid="resume-execute"
        >
          Resume delete
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Restoring shows what cannot come back before it starts (v1-restore.ts RESTORE_LIMITS). */
export function RestoreDialog({
  run,
  onRestore,
  onCancel,
}: {
  run: DeleteRunInfo;
  onRestore(): void;
  onCancel(): void;
}) {
  return (
    <ConfirmDialog
      title={`Restore ${formatCount(run.records)} prospects?`}
      confirmLabel="Restore"
      onConfirm={onRestore}
      onCancel={onCancel}
    >
      <p>
        Adds the prospects of backup <code>{run.runId}</code> back to {run.connection.label}.
        Prospects that are still there are updated, not duplicated.
      </p>
      <p className="warning-text" data-testid="restore-limits">
        {RESTORE_LIMITS}
      </p>
    </ConfirmDialog>
  );
}
