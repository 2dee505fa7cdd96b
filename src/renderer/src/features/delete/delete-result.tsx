import { formatCount } from '../../lib/format';
import type { DeleteResult } from './job-results';
import { unresolved } from './job-results';

const STATE_TEXT: Record<DeleteResult['state'], string> = {
  finished: 'Finished',
  stopped: 'Stopped',
  cancelled: 'Cancelled',
};

/**
 * What a delete (or resume) did. Anything failed, unknown or not yet sent is
 * unresolved: the run is not done, and Resume continues it from its journal.
 */
export function DeleteResultView({
  result,
  onResume,
  busy,
}: {
  result: DeleteResult;
  onResume?: () => void;
  busy?: boolean;
}) {
  const left = unresolved(result);
  const counts: [string, number][] = [
    ['deleted', result.deleted],
    ['not found', result.notFound],
    ['failed', result.failed],
    ['unknown', result.unknown],
    ['pending', result.pending],
  ];
  return (
    <div className="delete-result" data-testid="delete-result" data-state={result.state}>
      <p className={left === 0 ? 'success' : 'warning-text'} data-testid="delete-result-text">
        {STATE_TEXT[result.state]}: {formatCount(result.deleted)} deleted
        {left > 0 && `, ${formatCount(left)} not resolved yet`}.
      </p>
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label} className={`count count-${label.replace(' ', '-')}`}>
            <dt>{label}</dt>
            <dd data-testid={`delete-count-${label.replace(' ', '-')}`}>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      {result.message && <p className="warning-text">{result.message}</p>}
      {result.unknown > 0 && (
        <p className="muted">
          Unknown: the request was sent but no answer came back. Resume checks the account before
          sending anything again, so nothing is deleted twice.
        </p>
      )}
      <p className="muted">
        {formatCount(result.requests)} requests · backup <code>{result.backup}</code>
      </p>
      {left > 0 && onResume && (
        <button
          type="button"
          className="button"
          onClick={onResume}
          disabled={busy}
          data-testid="delete-resume"
        >
          Resume ({formatCount(left)} left)
        </button>
      )}
    </div>
  );
}
