import type { HistoryEntry, HistoryKind, HistoryState } from '../../../../shared/history';
import { formatCount, formatDuration } from '../../lib/format';

const KIND_TEXT: Record<HistoryKind, string> = {
  update: 'Update',
  retry: 'Retry',
  revert: 'Revert',
  delete: 'Delete',
  'agency-delete': 'Agency delete all',
  'leads-delete': 'Leads delete',
  'leads-archive': 'Leads archive',
  restore: 'Restore',
};

const STATE_TEXT: Record<HistoryState, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  incomplete: 'incomplete',
};

// "notFound" → "not found": counts are keyed by main's field names.
const countLabel = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** One run in the history table; paths are plain selectable text to copy. */
export function HistoryRow({ entry }: { entry: HistoryEntry }) {
  const took = Date.parse(entry.finishedAt) - Date.parse(entry.startedAt);
  const counts = Object.entries(entry.counts);
  return (
    <tr data-testid="history-entry" data-kind={entry.kind} data-state={entry.state}>
      <td>
        <time dateTime={entry.finishedAt}>{new Date(entry.finishedAt).toLocaleString()}</time>
        {Number.isFinite(took) && took >= 0 && (
          <div className="muted">took {formatDuration(took)}</div>
        )}
      </td>
      <td>
        {KIND_TEXT[entry.kind]}
        {entry.list && <div className="muted">list {entry.list.name}</div>}
      </td>
      <td>
        {entry.connection.label}
        {entry.connection.companyId !== undefined && (
          <div className="muted">company {entry.connection.companyId}</div>
        )}
      </td>
      <td>
        <span className={`badge history-${entry.state}`}>{STATE_TEXT[entry.state]}</span>
      </td>
      <td>
        <ul className="history-counts" data-testid="history-counts">
          {counts.map(([key, value]) => (
            <li key={key} data-count={key}>
              {countLabel(key)} <strong>{formatCount(value)}</strong>
            </li>
          ))}
        </ul>
        {entry.message && <div className="muted">{entry.message}</div>}
      </td>
      <td className="history-files">
        {entry.runId && (
          <div>
            run <code>{entry.runId}</code>
          </div>
        )}
        {entry.backup && (
          <div data-testid="history-backup">
            backup <code>{entry.backup}</code>
          </div>
        )}
        {entry.files.map((f) => (
          <div key={f.path}>
            {f.label} <code>{f.path}</code>
          </div>
        ))}
      </td>
    </tr>
  );
}
