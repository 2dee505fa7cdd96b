import { ErrorMessage } from '../../components/error-message';
import { formatCount } from '../../lib/format';
import { HistoryRow } from './history-row';
import { useHistory } from './use-history';

/**
 * Everything Prospect Desk changed in an account, newest first: what ran,
 * where, how it ended, and the files and backup that make it undoable.
 */
export function HistoryPage() {
  const history = useHistory();
  return (
    <section
      className="page wide history-page"
      aria-labelledby="history-title"
      data-testid="history-page"
      data-ready={history.loaded ? 'true' : 'false'}
    >
      <div className="import-head">
        <h1 id="history-title">History</h1>
        <button
          type="button"
          className="button secondary"
          onClick={() => void history.reload()}
          data-testid="history-reload"
        >
          Reload
        </button>
      </div>
      <ErrorMessage message={history.error} testId="history-error" />
      {history.unreadable > 0 && (
        <p className="warning-text" data-testid="history-unreadable">
          {formatCount(history.unreadable)}{' '}
          {history.unreadable === 1 ? 'line of the history file' : 'lines of the history file'}{' '}
          could not be read and {history.unreadable === 1 ? 'is' : 'are'} not shown. The file is
          left as it is; the backups of those runs are still in the backups folder.
        </p>
      )}
      {history.loaded && history.entries.length === 0 && !history.error && (
        <p className="empty" data-testid="history-empty">
          Nothing has been sent to any account yet. Updates, deletes and restores appear here with
          their files and backups.
        </p>
      )}
      {history.entries.length > 0 && (
        <table className="saved-lists history-table" data-testid="history-table">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>Account</th>
              <th>State</th>
              <th>Counts</th>
              <th>Files and backup</th>
            </tr>
          </thead>
          <tbody>
            {history.entries.map((entry) => (
              <HistoryRow key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
