import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionSummary, ConnectionTestResult } from '../../../../shared/connections';
import type { KeyStorageStatus } from '../../../../shared/key-storage';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { CHOOSE_SESSION_MESSAGE, saveKeyLabel } from '../../lib/key-storage-words';
import { ErrorMessage } from '../../components/error-message';
import { ApiKeyFields, useKeyEntry } from './api-key-fields';

/**
 * One saved connection: what it is, where its key is, test it, make it
 * active, enter its key again, remove it.
 */
export function ConnectionCard({
  connection,
  active,
  onChanged,
  keyStorage,
}: {
  connection: ConnectionSummary;
  active: boolean;
  onChanged: () => void;
  keyStorage: KeyStorageStatus | null;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [enteringKey, setEnteringKey] = useState(false);

  const test = async () => {
    setTesting(true);
    setError(null);
    const outcome = await api.testConnection({ connectionId: connection.id });
    setTesting(false);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.error.message);
  };

  const activate = async () => {
    const outcome = await api.setActiveConnection({ id: connection.id });
    if (!outcome.ok) setError(outcome.error.message);
    onChanged();
  };

  const remove = async () => {
    const outcome = await api.removeConnection({ id: connection.id });
    if (!outcome.ok) setError(outcome.error.message);
    onChanged();
  };

  return (
    <li
      className={`card connection${active ? ' active' : ''}`}
      data-testid={`connection-${connection.id}`}
    >
      <div className="connection-head">
        <strong>{connection.label}</strong>
        <span className="badge">{connection.kind}</span>
        {active && <span className="badge accent">active</span>}
        {connection.keyState === 'session' && (
          <span className="badge" data-testid="connection-key-badge">
            key for this session only
          </span>
        )}
        {connection.keyState === 'missing' && (
          <span className="badge warn" data-testid="connection-key-badge">
            key needed
          </span>
        )}
      </div>
      <div className="muted">
        {connection.kind === 'sandbox' ? 'Local sandbox on this computer' : connection.baseUrl}
        {connection.keyHint && <span className="key-hint"> · key {connection.keyHint}</span>}
      </div>
      {connection.keyState === 'session' && (
        <p className="muted" data-testid="connection-key-state">
          Key for this session only: you'll enter it again after you quit Prospect Desk.
        </p>
      )}
      {connection.keyState === 'missing' && (
        <p className="warning-text" data-testid="connection-key-state">
          Key not saved: enter it again to use this connection.
        </p>
      )}
      {enteringKey && (
        <KeyAgainForm
          connection={connection}
          keyStorage={keyStorage}
          onDone={(saved) => {
            setEnteringKey(false);
            if (saved) {
              setResult(null);
              setError(null);
              onChanged();
            }
          }}
        />
      )}
      {result && (
        <p className="success" data-testid="connection-test-result" role="status">
          {result.count === null
            ? 'Connected (the API does not say how many leads there are)'
            : `Connected: ${formatCount(result.count)} ${result.unit}`}
          {result.companies?.map((c) => (
            <span key={c.id} className="company-count">
              {' '}
              · {c.name}: {formatCount(c.count)}
            </span>
          ))}
        </p>
      )}
      <ErrorMessage message={error} testId="connection-test-error" />
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={test}
          disabled={testing}
          data-testid="connection-test"
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {connection.keyState !== 'not-needed' && !enteringKey && (
          <button
            type="button"
            className="button secondary"
            onClick={() => setEnteringKey(true)}
            data-testid="connection-enter-key"
          >
            {connection.keyState === 'missing' ? 'Enter key…' : 'Replace key…'}
          </button>
        )}
        {!active && (
          <button
            type="button"
            className="button secondary"
            onClick={activate}
            data-testid="connection-activate"
          >
            Use this connection
          </button>
        )}
        {confirmRemove ? (
          <>
            <button
              type="button"
              className="button secondary"
              onClick={() => setConfirmRemove(false)}
              autoFocus
            >
              Keep it
            </button>
            <button
              type="button"
              className="button danger"
              onClick={remove}
              data-testid="connection-remove-confirm"
            >
              Remove “{connection.label}”
            </button>
          </>
        ) : (
          <button type="button" className="button secondary" onClick={() => setConfirmRemove(true)}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}

/** Enters a connection's key again (after a restart, or to replace it), with the same choice. */
function KeyAgainForm({
  connection,
  keyStorage,
  onDone,
}: {
  connection: ConnectionSummary;
  keyStorage: KeyStorageStatus | null;
  onDone: (saved: boolean) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const key = useKeyEntry(keyStorage, () => setError(null));
  const { choice } = key;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (choice === null) {
      key.focusChoice();
      return setError(CHOOSE_SESSION_MESSAGE);
    }
    setSaving(true);
    // Everything but the key is sent back as it is, so nothing else changes.
    const result = await api.saveConnection({
      id: connection.id,
      kind: connection.kind,
      label: connection.label,
      baseUrl: connection.baseUrl,
      apiKey: key.apiKey,
      keyStorage: choice,
      ...(connection.kind === 'agency' && { companies: connection.companies }),
    });
    setSaving(false);
    key.reset();
    if (!result.ok) return setError(result.error.message);
    onDone(true);
  };

  return (
    <form
      className="form key-again"
      onSubmit={submit}
      aria-label={`API key for ${connection.label}`}
      data-testid="connection-key-form"
    >
      <ApiKeyFields {...key.fields} autoFocus />
      <ErrorMessage message={error} testId="connection-key-error" />
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={saving}
          data-testid="connection-key-save"
        >
          {saving ? 'Saving…' : saveKeyLabel(choice, 'Save key')}
        </button>
        <button type="button" className="button secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
