import { useEffect, useState } from 'react';
import type { OutcomeKind, RowOutcome } from '../../../../shared/update/update-types';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';

const PAGE = 100;

const OUTCOME_TEXT: Readonly<Record<OutcomeKind, string>> = {
  updated: 'updated',
  added: 'added',
  unchanged: 'unchanged',
  failed: 'failed',
  unknown: 'unknown (may have applied)',
};

/**
 * Every row's outcome, a page at a time from main (`update:outcomes`), or
 * only the failed and unknown ones. `version` changes after a retry.
 */
export function OutcomeList({ runId, version }: { runId: string; version: string }) {
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ key: string; total: number; rows: RowOutcome[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${runId}|${errorsOnly}|${offset}|${version}`;

  useEffect(() => {
    let live = true;
    void api.getUpdateOutcomes({ runId, errorsOnly, offset, limit: PAGE }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setPage({ key, ...result.value });
        setError(null);
      } else setError(`The outcomes could not be read: ${result.error.message}`);
    });
    return () => {
      live = false;
    };
  }, [runId, errorsOnly, offset, key]);

  const total = page?.total ?? 0;
  return (
    <div className="outcomes" data-testid="update-outcomes" data-ready={page?.key === key}>
      <div className="actions">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => {
              setErrorsOnly(e.target.checked);
              setOffset(0);
            }}
            data-testid="update-errors-only"
          />
          Only failed and unknown rows
        </label>
        <span className="muted" data-testid="update-outcomes-range">
          {total === 0
            ? 'No rows'
            : `Rows ${formatCount(offset + 1)}–${formatCount(Math.min(total, offset + PAGE))} of ${formatCount(total)}`}
        </span>
        <button
          type="button"
          className="button secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </button>
      </div>
      <table className="runs-table outcome-table">
        <thead>
          <tr>
            <th>Row</th>
            <th>Email</th>
            <th>Prospect</th>
            <th>Outcome</th>
            <th>Code</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {page?.rows.map((o) => (
            <tr
              key={o.row}
              data-testid="update-outcome"
              data-row={o.row}
              data-outcome={o.outcome}
              className={`outcome-${o.outcome}`}
            >
              <td>{formatCount(o.row)}</td>
              <td>{o.email}</td>
              <td>{o.prospectId ?? ''}</td>
              <td>{OUTCOME_TEXT[o.outcome]}</td>
              <td>{o.code ?? ''}</td>
              <td>{o.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage message={error} testId="update-outcomes-error" />
    </div>
  );
}
