import type { ConnectionsState } from '../../lib/use-connections';
import { ErrorMessage } from '../../components/error-message';
import { ConnectionCard } from './connection-card';
import { ConnectionForm } from './connection-form';
import { useKeyStorage } from './use-key-storage';

export function ConnectionsPage({ state }: { state: ConnectionsState }) {
  const keyStorage = useKeyStorage();
  return (
    <section className="page" aria-labelledby="connections-title">
      <h1 id="connections-title">Connections</h1>
      <p className="muted">
        Where your prospects live. New here? Add the <strong>Sandbox</strong> to try every workflow
        on sample data without a key.
      </p>
      <ErrorMessage message={state.error} />
      {state.connections.length > 0 && (
        <ul className="connections" data-testid="connections-list">
          {state.connections.map((connection) => (
            <ConnectionCard
              key={connection.id}
              connection={connection}
              active={connection.id === state.activeConnectionId}
              onChanged={() => void state.reload()}
              keyStorage={keyStorage}
            />
          ))}
        </ul>
      )}
      <ConnectionForm onSaved={() => void state.reload()} keyStorage={keyStorage} />
    </section>
  );
}
