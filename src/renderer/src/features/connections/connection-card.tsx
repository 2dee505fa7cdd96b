import { useState } from 'react';
import type { ConnectionSummary, ConnectionTestResult } from '../../../../shared/connections';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { ErrorMessage } from '../../components/error-message';

/** One saved connection: what it is, test it, make it active, remove it. */
export function ConnectionCard({
  connection,
  active,
  onChanged,
}: {
  connection: ConnectionSummary;
  active: boolean;
  onChanged: () => void;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);

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
      </div>
      <div className="muted">
        {connection.kind === 'sandbox' ? 'Local sandbox on this computer' : connection.baseUrl}
        {connection.keyHint && <span className="key-hint"> · key {connection.keyHint}</span>}
      </div>
      {result && (
        <p className="success" data-testid="connection-test-result" role="status">
          Connected: {formatCount(result.count)} {result.unit}
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
