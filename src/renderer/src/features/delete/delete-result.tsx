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
  const campaigns = result.campaignIds;
  // A campaign removal reports prospects in none of the campaigns on their
  // own: they were not sent and are not counted as removed.
  const counts: [string, number][] = [
    [campaigns ? 'removed' : 'deleted', result.deleted],
    ...(campaigns
      ? [['not in those campaigns', result.notInCampaigns ?? 0] as [string, number]]
      : []),
    ['not found', result.notFound],
    ['failed', result.failed],
    ['unknown', result.unknown],
    ['pending', result.pending],
  ];
  const testId = (label: string) => label.replaceAll(' ', '-');
  return (
    <div className="delete-result" data-testid="delete-result" data-state={result.state}>
      <p className={left === 0 ? 'success' : 'warning-text'} data-testid="delete-result-text">
        {STATE_TEXT[result.state]}: {formatCount(result.deleted)}{' '}
        {campaigns ? `removed from campaigns ${campaigns.join(', ')}` : 'deleted'}
        {campaigns &&
          (result.notInCampaigns ?? 0) > 0 &&
          `, ${formatCount(result.notInCampaigns ?? 0)} not in those campaigns`}
        {left > 0 && `, ${formatCount(left)} not resolved yet`}.
      </p>
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label} className={`count count-${testId(label)}`}>
            <dt>{label}</dt>
            <dd data-testid={`delete-count-${testId(label)}`}>{formatCount(value)}</dd>
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
