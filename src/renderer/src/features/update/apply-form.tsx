import { useState } from 'react';
import { MAX_BATCH_SIZE } from '../../../../shared/update/update-plan';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { runErrorText } from './preview-errors';
import { updateStore } from './update-store';
import type { UpdateFlowState } from './update-store';

/** Why the import name can't be blank (update-plan.ts; notes/api-facts.md). */
export const FILE_NAME_REQUIRED =
  'Give the import a name: Woodpecker clears the stored import name of every prospect sent without one.';

/** The batch size typed, or why it is not usable. */
export function parseBatchSize(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_BATCH_SIZE) {
    return {
      ok: false,
      message: `Batch size must be a whole number from 1 to ${formatCount(MAX_BATCH_SIZE)} (Woodpecker's limit per request).`,
    };
  }
  return { ok: true, value };
}

/**
 * Step 3: the import name and batch size, then Apply as a job with progress,
 * ETA and Cancel. Apply runs once per preview: preview again to send again.
 */
export function ApplyForm({ flow, included }: { flow: UpdateFlowState; included: number }) {
  const progress = useJob(flow.applyJob);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const blank = flow.fileName.trim() === '';
  const batch = parseBatchSize(flow.batchSize);
  const started = flow.applyJob !== null;
  const invalid = blank ? FILE_NAME_REQUIRED : batch.ok ? null : batch.message;

  const apply = async () => {
    setTouched(true);
    if (invalid || !flow.preview || !batch.ok) return;
    setError(null);
    const result = await api.startUpdateApply({
      previewId: flow.preview.previewId,
      fileName: flow.fileName.trim(),
      batchSize: batch.value,
    });
    if (result.ok) updateStore.update({ applyJob: result.value.jobId });
    else setError(`${result.error.message} Nothing was sent.`);
  };

  return (
    <form
      className="card"
      aria-labelledby="update-apply-title"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
      data-testid="update-apply-form"
    >
      <h2 id="update-apply-title">3. Apply</h2>
      <div className="update-fields">
        <label className="inline update-name">
          Import name (shown in Woodpecker as the prospects&apos; import)
          <input
            value={flow.fileName}
            maxLength={200}
            onChange={(e) => updateStore.update({ fileName: e.target.value })}
            onBlur={() => setTouched(true)}
            disabled={started}
            aria-invalid={blank && touched ? true : undefined}
            data-testid="update-file-name"
          />
        </label>
        <label className="inline">
          Prospects per request
          <input
            value={flow.batchSize}
            inputMode="numeric"
            onChange={(e) => updateStore.update({ batchSize: e.target.value })}
            disabled={started}
            data-testid="update-batch-size"
          />
        </label>
      </div>
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={started || included === 0}
          data-testid="update-apply"
        >
          Apply to {formatCount(included)} rows
        </button>
        <span className="muted">
          The prospects about to change are backed up first; nothing is sent if that fails.
        </span>
      </div>
      {touched && <ErrorMessage message={invalid} testId="update-apply-invalid" />}
      {progress && (
        <ProgressBar
          progress={progress}
          onCancel={() => flow.applyJob && void api.cancelJob({ jobId: flow.applyJob })}
        />
      )}
      {progress?.state === 'running' && (
        <p className="muted">
          Cancel stops before the next request; the request in flight finishes.
        </p>
      )}
      {progress?.state === 'cancelled' && (
        <p className="muted">
          Cancelled. Requests sent before are in the History page with their files.
        </p>
      )}
      <ErrorMessage
        message={error ?? (progress?.error ? runErrorText('The update', progress.error) : null)}
        testId="update-apply-error"
      />
    </form>
  );
}
