import { useEffect, useState } from 'react';
import { assertNever } from '../../shared/errors';
import { AccountPage } from './features/account/account-page';
import { ConnectionsPage } from './features/connections/connections-page';
import { DeletePage } from './features/delete/delete-page';
import { HistoryPage } from './features/history/history-page';
import { ListsPage } from './features/lists/lists-page';
import { SettingsPage } from './features/settings/settings-page';
import { StatusBar } from './components/status-bar';
import { useConnections } from './lib/use-connections';

const PAGES = [
  { id: 'connections', label: 'Connections' },
  { id: 'lists', label: 'Lists' },
  { id: 'account', label: 'Account' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
  // Appended so Alt+1…5 keep their pages: Delete is Alt+6.
  { id: 'delete', label: 'Delete' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

/** The app shell: navigation, the current page, and the status bar. */
export function App() {
  const [page, setPage] = useState<PageId>('connections');
  const connections = useConnections();
  const active =
    connections.connections.find((c) => c.id === connections.activeConnectionId) ?? null;

  // Alt+1…6 switch pages from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const index = Number(event.key) - 1;
      if (event.altKey && PAGES[index]) {
        event.preventDefault();
        setPage(PAGES[index].id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const render = () => {
    switch (page) {
      case 'connections':
        return <ConnectionsPage state={connections} />;
      case 'lists':
        return <ListsPage />;
      case 'account':
        return <AccountPage connection={active} />;
      case 'history':
        return <HistoryPage />;
      case 'settings':
        return <SettingsPage />;
      case 'delete':
        return <DeletePage connections={connections} />;
      default:
        return assertNever(page);
    }
  };

  return (
    <div className="shell" data-ready={connections.loaded ? 'true' : 'false'} data-testid="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Prospect Desk</div>
        {PAGES.map((p, i) => (
          <button
            key={p.id}
            type="button"
            className="nav-item"
            aria-current={page === p.id ? 'page' : undefined}
            onClick={() => setPage(p.id)}
            data-testid={`nav-${p.id}`}
            title={`Alt+${i + 1}`}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <main className="content">{render()}</main>
      <StatusBar active={active} />
    </div>
  );
}
