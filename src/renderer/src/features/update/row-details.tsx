import type { PreviewRow } from '../../../../shared/update/update-preview';
import { formatCount } from '../../lib/format';
import { ChangeView } from './change-view';
import { KIND_HINT, KIND_TEXT } from './kind-text';

/** Every change of the active row in full: snippets line by line, long values up to 500 characters. */
export function RowDetails({ row }: { row: PreviewRow }) {
  return (
    <div
      className="row-details"
      data-testid="update-row-details"
      data-row={row.row}
      data-email={row.email}
    >
      <h3>
        Row {formatCount(row.row)} · {row.email || 'no email'} ·{' '}
        <span className={`badge kind-badge kind-${row.kind}`}>{KIND_TEXT[row.kind]}</span>
        {row.prospectId !== null && <span className="muted"> · prospect {row.prospectId}</span>}
      </h3>
      <p className="muted">
        {KIND_HINT[row.kind]}
        {(row.kind === 'new' || row.kind === 'changed') &&
          (row.included ? ' (included)' : ' (excluded: not sent)')}
      </p>
      {row.changes.length > 0 && (
        <ul className="change-list">
          {row.changes.map((c) => (
            <li key={c.field}>
              <ChangeView change={c} compact={false} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
