import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionKind } from '../../../../shared/connections';
import { WOODPECKER_ORIGIN } from '../../../../shared/connections';
import type { KeyStorageStatus } from '../../../../shared/key-storage';
import { api } from '../../lib/api';
import { CHOOSE_SESSION_MESSAGE, saveKeyLabel } from '../../lib/key-storage-words';
import { ErrorMessage } from '../../components/error-message';
import { ApiKeyFields, useKeyEntry } from './api-key-fields';

const KIND_LABELS: Record<ConnectionKind, string> = {
  sandbox: 'Sandbox (try everything without a key)',
  woodpecker: 'Woodpecker account',
  agency: 'Woodpecker agency',
  leads: 'Leads API',
};

/** Parses "101 Acme Outreach" lines into client companies. */
function parseCompanies(text: string): { id: number; name: string }[] | string {
  const companies = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^(\d+)\s+(.+)$/.exec(line);
    if (!match) return `"${line}" should be a company id, a space, then its name.`;
    companies.push({ id: Number(match[1]), name: match[2]!.trim() });
  }
  return companies;
}

/**
 * Adds a connection. The key goes to main once and is never shown again;
 * where it is kept is the user's explicit choice when there is no keychain.
 */
export function ConnectionForm({
  onSaved,
  keyStorage,
}: {
  onSaved: () => void;
  /** What protects keys here; null until known. */
  keyStorage: KeyStorageStatus | null;
}) {
  const [kind, setKind] = useState<ConnectionKind>('sandbox');
  const [label, setLabel] = useState('Sandbox');
  const [baseUrl, setBaseUrl] = useState('');
  const [companies, setCompanies] = useState('');
  const [error, setError] = useState<string | null>(null);
  const key = useKeyEntry(keyStorage, () => setError(null));
  const [saving, setSaving] = useState(false);

  const chooseKind = (next: ConnectionKind) => {
    setKind(next);
    if (
      !label ||
      Object.values(KIND_LABELS).some((l) => l.startsWith(label)) ||
      label === 'Sandbox'
    ) {
      setLabel(next === 'sandbox' ? 'Sandbox' : '');
    }
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsedCompanies = kind === 'agency' ? parseCompanies(companies) : [];
    if (typeof parsedCompanies === 'string') return setError(parsedCompanies);
    const storage = key.choice;
    if (kind !== 'sandbox' && storage === null) {
      key.focusChoice();
      return setError(CHOOSE_SESSION_MESSAGE);
    }
    setSaving(true);
    const result = await api.saveConnection({
      kind,
      label,
      ...(kind !== 'sandbox' &&
        key.apiKey &&
        storage && { apiKey: key.apiKey, keyStorage: storage }),
      ...(baseUrl && kind !== 'sandbox' && { baseUrl }),
      ...(kind === 'agency' && { companies: parsedCompanies }),
    });
    setSaving(false);
    key.reset();
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setLabel('');
    setBaseUrl('');
    setCompanies('');
    onSaved();
  };

  return (
    <form
      className="card form"
      onSubmit={submit}
      data-testid="connection-form"
      aria-label="Add a connection"
    >
      <h2>Add a connection</h2>
      <fieldset className="kinds">
        <legend>Kind</legend>
        {(Object.keys(KIND_LABELS) as ConnectionKind[]).map((k) => (
          <label key={k} className="radio">
            <input
              type="radio"
              name="kind"
              value={k}
              checked={kind === k}
              onChange={() => chooseKind(k)}
            />
            {KIND_LABELS[k]}
          </label>
        ))}
      </fieldset>
      <label>
        Name
        <input
          data-testid="connection-label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          required
        />
      </label>
      {kind !== 'sandbox' && (
        <>
          <label>
            {kind === 'leads' ? 'Base URL' : 'API base URL'}
            <input
              data-testid="connection-base-url"
              value={baseUrl}
              placeholder={kind === 'leads' ? 'https://your-domain.com' : WOODPECKER_ORIGIN}
              onChange={(e) => setBaseUrl(e.target.value)}
              required={kind === 'leads'}
            />
          </label>
          <ApiKeyFields {...key.fields} />
        </>
      )}
      {kind === 'agency' && (
        <label>
          Client companies (one per line: id, then name)
          <textarea
            data-testid="connection-companies"
            rows={3}
            value={companies}
            placeholder={'101 Acme Outreach\n102 Blue Harbor Media'}
            onChange={(e) => setCompanies(e.target.value)}
          />
        </label>
      )}
      <ErrorMessage message={error} testId="connection-form-error" />
      <button type="submit" className="button" disabled={saving} data-testid="connection-save">
        {saving
          ? 'Saving…'
          : kind === 'sandbox'
            ? 'Save connection'
            : saveKeyLabel(key.choice, 'Save connection')}
      </button>
    </form>
  );
}
