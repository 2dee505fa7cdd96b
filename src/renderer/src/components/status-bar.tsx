import type { ConnectionSummary } from '../../../shared/connections';
import { useOnline } from '../lib/use-online';

/** Online/offline and which connection actions go to. */
export function StatusBar({ active }: { active: ConnectionSummary | null }) {
  const online = useOnline();
  return (
    <footer className="status-bar" role="status">
      <span data-testid="status-online" className={online ? 'online' : 'offline'}>
        <span className="dot" aria-hidden="true" />{' '}
        {online ? 'Online' : 'Offline — lists stay usable'}
      </span>
      <span data-testid="status-connection">
        {active ? `Connection: ${active.label}` : 'No connection selected'}
      </span>
    </footer>
  );
}
