import { useEffect, useState, useSyncExternalStore } from 'react';
import { assertNever } from '../../shared/errors';
import { AccountPage } from './features/account/account-page';
import { ConnectionsPage } from './features/connections/connections-page';
import { DeletePage } from './features/delete/delete-page';
import { HistoryPage } from './features/history/history-page';
import { ListsPage } from './features/lists/lists-page';
import { openedFilesInbox } from './features/lists/opened-files-inbox';
import { SettingsPage } from './features/settings/settings-page';
import { UpdatePage } from './features/update/update-page';
import { StatusBar } from './components/status-bar';
import { useConnections } from './lib/use-connections';

// `key` is the Alt+number shortcut. Shortcuts never move once shipped, so a
// new page takes the next free number wherever it sits in the sidebar.
const PAGES = [
  { id: 'connections', label: 'Connections', key: 1 },
  { id: 'lists', label: 'Lists', key: 2 },
  { id: 'update', label: 'Update', key: 7 },
  { id: 'account', label: 'Account', key: 3 },
  { id: 'history', label: 'History', key: 4 },
  { id: 'settings', label: 'Settings', key: 5 },
  { id: 'delete', label: 'Delete', key: 6 },
] as const;
type PageId = (typeof PAGES)[number]['id'];

/** The app shell: navigation, the current page, and the status bar. */
export function App() {
  const [page, setPage] = useState<PageId>('connections');
  // A file opened with the app (double-click, "Open with") brings up Lists,
  // which imports it.
  const openedArrivals = useSyncExternalStore(
    openedFilesInbox.subscribe,
    openedFilesInbox.arrivals,
  );
  const [shownArrivals, setShownArrivals] = useState(0);
  if (openedArrivals !== shownArrivals) {
    setShownArrivals(openedArrivals);
    setPage('lists');
  }
  const connections = useConnections();
  const active =
    connections.connections.find((c) => c.id === connections.activeConnectionId) ?? null;

  // Alt+1…7 switch pages from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = PAGES.find((p) => String(p.key) === event.key);
      if (event.altKey && target) {
        event.preventDefault();
        setPage(target.id);
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
      case 'update':
        return <UpdatePage connections={connections} />;
      default:
        return assertNever(page);
    }
  };

  return (
    <div className="shell" data-ready={connections.loaded ? 'true' : 'false'} data-testid="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Prospect Desk</div>
        {PAGES.map((p) => (
          <button
            key={p.id}
            type="button"
            className="nav-item"
            aria-current={page === p.id ? 'page' : undefined}
            onClick={() => setPage(p.id)}
            data-testid={`nav-${p.id}`}
            title={`Alt+${p.key}`}
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
