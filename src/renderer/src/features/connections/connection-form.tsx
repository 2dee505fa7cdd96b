import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionKind } from '../../../../shared/connections';
import { WOODPECKER_ORIGIN } from '../../../../shared/connections';
import { api } from '../../lib/api';
import { ErrorMessage } from '../../components/error-message';

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

/** Adds a connection. The key goes to main once and is never shown again. */
export function ConnectionForm({ onSaved }: { onSaved: () => void }) {
  const [kind, setKind] = useState<ConnectionKind>('sandbox');
  const [label, setLabel] = useState('Sandbox');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [companies, setCompanies] = useState('');
  const [error, setError] = useState<string | null>(null);
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
    setSaving(true);
    const result = await api.saveConnection({
      kind,
      label,
      ...(kind !== 'sandbox' && { apiKey: apiKey || undefined }),
      ...(baseUrl && kind !== 'sandbox' && { baseUrl }),
      ...(kind === 'agency' && { companies: parsedCompanies }),
    });
    setSaving(false);
    setApiKey('');
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
          <label>
            API key
            <input
              data-testid="connection-key"
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              required
            />
            <small>Stored encrypted by your OS keychain; it never comes back to this window.</small>
          </label>
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
        {saving ? 'Saving…' : 'Save connection'}
      </button>
    </form>
  );
}
