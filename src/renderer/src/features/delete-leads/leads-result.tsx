import { formatCount } from '../../lib/format';
import type { LeadsActionResult } from './leads-results';

const STATUS_TEXT: Record<LeadsActionResult['leads'][number]['status'], string> = {
  done: 'done',
  gone: 'gone (removed elsewhere)',
  failed: 'failed',
  unknown: 'unknown',
  pending: 'not sent',
};

/**
 * What a Leads API run did, per lead. Archived and anonymized leads can be
 * restored from the backup; deleted ones cannot (the API has no create
 * endpoint: leads-restore.ts), so a delete says where the backup file is.
 */
export function LeadsResultView({
  result,
  names,
  backupFile,
  busy,
  onResume,
  onRestore,
}: {
  result: LeadsActionResult;
  /** Name or email of previewed leads, by id. */
  names: ReadonlyMap<string, string>;
  backupFile: string;
  busy: boolean;
  onResume(): void;
  onRestore(): void;
}) {
  const left = result.pending + result.unknown;
  const counts: [string, number][] = [
    ['done', result.done],
    ['gone', result.notFound],
    ['failed', result.failed],
    ['unknown', result.unknown],
    ['pending', result.pending],
  ];
  const restorable = result.action !== 'delete' && result.done + result.unknown > 0;
  return (
    <div
      className="delete-result"
      data-testid="leads-result"
      data-state={result.state}
      data-run-id={result.runId}
    >
      <p className={left + result.failed === 0 ? 'success' : 'warning-text'}>
        {result.state === 'finished'
          ? 'Finished'
          : result.state === 'stopped'
            ? 'Stopped'
            : 'Cancelled'}
        : {formatCount(result.done)} of {formatCount(result.backedUp)} leads{' '}
        {result.action === 'delete'
          ? 'deleted'
          : result.action === 'archive'
            ? 'archived'
            : 'anonymized'}
        {left > 0 && `, ${formatCount(left)} not resolved yet`}.
      </p>
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label} className={`count count-${label}`}>
            <dt>{label}</dt>
            <dd data-testid={`leads-count-${label}`}>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      {result.message && <p className="warning-text">{result.message}</p>}
      <table className="saved-lists leads-results">
        <thead>
          <tr>
            <th>Lead</th>
            <th>Result</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {result.leads.slice(0, 500).map((lead) => (
            <tr key={lead.id} data-testid="leads-result-row" data-status={lead.status}>
              <td>
                <code>{lead.id}</code>
                {names.get(lead.id) && <div className="muted">{names.get(lead.id)}</div>}
              </td>
              <td>
                <span className={`badge lead-${lead.status}`}>{STATUS_TEXT[lead.status]}</span>
              </td>
              <td className="muted">{lead.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.leads.length > 500 && (
        <p className="muted">The first 500 leads are listed; the History page has the run.</p>
      )}
      {result.unknown > 0 && (
        <p className="muted">
          Unknown: the request was sent but no answer came back. Resume reads each lead before
          sending anything again.
        </p>
      )}
      {result.action === 'delete' ? (
        <p className="muted" data-testid="leads-not-restorable">
          Deleted leads cannot be restored through the Leads API (it has no create endpoint). The
          backup keeps them: <code>{backupFile}</code>
        </p>
      ) : (
        <p className="muted">
          Restore puts back each lead&apos;s backed-up{' '}
          {result.action === 'archive' ? 'status and metadata' : 'name, email and phone'}.
        </p>
      )}
      <div className="actions">
        {left > 0 && (
          <button
            type="button"
            className="button"
            onClick={onResume}
            disabled={busy}
            data-testid="leads-resume"
          >
            Resume ({formatCount(left)} left)
          </button>
        )}
        {restorable && (
          <button
            type="button"
            className="button secondary"
            onClick={onRestore}
            disabled={busy}
            data-testid="leads-restore"
          >
            Restore {formatCount(result.done + result.unknown)} leads
          </button>
        )}
      </div>
    </div>
  );
}
