import { formatCount } from '../../lib/format';
import type { AgencyResult } from './agency-results';

/**
 * What the one "delete ALL" request did. `unknown` means it was sent and its
 * answer lost: it is never sent again, and the user must check the company
 * before doing anything else (agency-run.ts).
 */
export function AgencyResultView({
  result,
  onCheckAgain,
  busy,
}: {
  result: AgencyResult;
  onCheckAgain(): void;
  busy: boolean;
}) {
  return (
    <div className="delete-result" data-testid="agency-result" data-state={result.state}>
      {result.state === 'finished' && (
        <p className="success" data-testid="agency-result-text">
          Woodpecker accepted the delete of {result.companyName}
          {result.deletionRequestId !== null && ` (request ${result.deletionRequestId})`}. It
          deletes the prospects asynchronously: they may still show for a while.
        </p>
      )}
      {result.state === 'failed' && (
        <p className="warning-text" data-testid="agency-result-text">
          Woodpecker refused the delete: nothing was deleted.
        </p>
      )}
      {result.state === 'unknown' && (
        <p className="warning-text" data-testid="agency-result-text">
          The outcome is not known. Check {result.companyName} in Woodpecker before doing anything
          else; this run will never send the delete again.
        </p>
      )}
      <dl className="facts">
        <dt>Deletion request</dt>
        <dd data-testid="agency-request-id">{result.deletionRequestId ?? '—'}</dd>
        <dt>Accepted</dt>
        <dd data-testid="agency-accepted">
          {result.acceptedCount === null ? '—' : formatCount(result.acceptedCount)}
        </dd>
        <dt>Backed up</dt>
        <dd data-testid="agency-backed-up">{formatCount(result.backedUp)}</dd>
        <dt>Backup</dt>
        <dd className="paths">
          <code>{result.backup}</code>
        </dd>
      </dl>
      {result.alert && (
        <p className="error" role="alert" data-testid="agency-alert">
          {result.alert}
        </p>
      )}
      {result.message && (
        <p className="warning-text" data-testid="agency-message">
          {result.message}
        </p>
      )}
      {result.state === 'unknown' && (
        <button
          type="button"
          className="button"
          onClick={onCheckAgain}
          disabled={busy}
          data-testid="agency-check-again"
        >
          Check again (counts the company; never resends)
        </button>
      )}
    </div>
  );
}
