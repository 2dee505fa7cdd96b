import type { PlannedRequest } from '../../../../shared/delete';
import { formatCount } from '../../lib/format';

// Main sends at most this many planned requests (delete-service.ts SHOWN_REQUESTS).
const SHOWN_REQUESTS = 5_000;

/** The dry run: every request the delete will send, collapsed until asked for. */
export function DryRun({ requests }: { requests: PlannedRequest[] }) {
  return (
    <details className="dry-run" data-testid="dry-run">
      <summary data-testid="dry-run-summary">
        Dry run: {formatCount(requests.length)}
        {requests.length >= SHOWN_REQUESTS && '+'} {requests.length === 1 ? 'request' : 'requests'}
      </summary>
      {requests.length >= SHOWN_REQUESTS && (
        <p className="muted">The first {formatCount(SHOWN_REQUESTS)} requests are listed.</p>
      )}
      <ol className="dry-run-list">
        {requests.map((r, i) => (
          <li key={i} data-testid="dry-run-request">
            <code>
              {r.method} {r.url}
            </code>{' '}
            <span className="muted">
              ({formatCount(r.targets)} {r.targets === 1 ? 'prospect' : 'prospects'})
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
