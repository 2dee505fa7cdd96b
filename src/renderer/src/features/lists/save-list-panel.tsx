import { useState } from 'react';
import type { ListMeta } from '../../../../shared/lists';
import { ErrorMessage } from '../../components/error-message';
import type { ImportController } from '../import/import-controller';
import { listNameFor, saveList } from './list-storage';

/**
 * Keeps the list in the data folder (offline, across restarts): "Save list"
 * the first time, "Save changes" after edits (the saved copy is replaced).
 */
export function SaveListPanel({
  controller,
  fileName,
  saved,
  dirty,
  disabled,
  onSaved,
}: {
  controller: ImportController;
  fileName: string;
  saved: ListMeta | null;
  dirty: boolean;
  disabled: boolean;
  onSaved(meta: ListMeta): void;
}) {
  const [name, setName] = useState(saved?.name ?? listNameFor(fileName));
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    setProgress(0);
    try {
      const meta = await saveList(
        controller.client,
        name.trim(),
        saved?.id ?? null,
        (sent, total) => setProgress(total > 0 ? Math.round((sent / total) * 100) : 100),
      );
      controller.markSaved(meta);
      onSaved(meta);
    } catch (e) {
      setError(
        `The list was not saved: ${e instanceof Error ? e.message : String(e)}. Your rows are still here; try again.`,
      );
    } finally {
      setProgress(null);
    }
  };

  const upToDate = saved !== null && !dirty;
  return (
    <div className="save-list" data-testid="save-list">
      <label className="inline">
        List name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          data-testid="list-name"
        />
      </label>
      <button
        type="button"
        className="button"
        disabled={
          disabled ||
          progress !== null ||
          name.trim() === '' ||
          (upToDate && name.trim() === saved.name)
        }
        onClick={() => void save()}
        data-testid="list-save"
      >
        {saved ? 'Save changes' : 'Save list'}
      </button>
      {progress !== null && (
        <span className="muted" role="status">
          Saving… {progress}%
        </span>
      )}
      {progress === null && upToDate && (
        <span className="success" role="status" data-testid="list-saved">
          Saved in your data folder: available offline and after a restart.
        </span>
      )}
      {progress === null && saved && dirty && (
        <span className="warning-text" data-testid="list-unsaved">
          Unsaved changes.
        </span>
      )}
      <ErrorMessage message={error} testId="list-save-error" />
    </div>
  );
}
