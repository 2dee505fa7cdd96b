import { useState } from 'react';
import type { ColumnMapping } from '../../../../shared/import/header-mapping';
import { createPreset } from '../../../../shared/import/mapping-presets';
import { api } from '../../lib/api';
import { ErrorMessage } from '../../components/error-message';
import type { PresetAppliedInfo } from '../../workers/protocol';

/** "Mapping 'X' applied", with the headers that changed since it was saved. */
export function PresetBanner({ preset }: { preset: PresetAppliedInfo | null }) {
  if (!preset) return null;
  return (
    <div className="card notice" data-testid="preset-applied" role="status">
      <strong>Mapping “{preset.name}” applied.</strong> Check the columns below before saving.
      {preset.missingHeaders.length > 0 && (
        <p className="warning-text" data-testid="preset-missing">
          Missing since it was saved: {preset.missingHeaders.join(', ')}. Their fields stay empty.
        </p>
      )}
      {preset.newHeaders.length > 0 && (
        <p data-testid="preset-new">
          New columns, matched automatically: {preset.newHeaders.join(', ')}.
        </p>
      )}
    </div>
  );
}

/** Saves the current mapping as a preset, re-applied when the same headers come back. */
export function SavePreset({
  mapping,
  defaultName,
}: {
  mapping: ColumnMapping;
  defaultName: string;
}) {
  const [name, setName] = useState(defaultName);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    setSaved(null);
    const preset = createPreset({
      id: crypto.randomUUID(),
      name: name.trim(),
      mapping,
      createdAt: new Date().toISOString(),
    });
    const result = await api.savePreset({ preset });
    if (result.ok) setSaved(result.value.name);
    else setError(`The mapping was not saved: ${result.error.message}`);
  };
  return (
    <div className="actions">
      <label className="inline">
        Preset name
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="preset-name" />
      </label>
      <button
        type="button"
        className="button secondary"
        disabled={name.trim() === ''}
        onClick={() => void save()}
        data-testid="preset-save"
      >
        Save mapping as preset
      </button>
      {saved && (
        <span className="success" role="status" data-testid="preset-saved">
          Saved “{saved}”: it is applied when a file with these headers is imported.
        </span>
      )}
      <ErrorMessage message={error} />
    </div>
  );
}
