import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { ErrorMessage } from '../../components/error-message';
import { formatCount } from '../../lib/format';
import { parseLeadIds } from './leads-target';

export type LeadsTarget = ChannelInput<'leads-delete:backup'>['target'];

// The statuses the Leads API documents (leads-api-delete-lead.txt); any other is accepted too.
const KNOWN_STATUSES = ['new', 'contacted', 'qualified', 'lost', 'won'];

/**
 * Step 1 for the Leads API: which connection, which leads (ids or every lead
 * of one status). Submitting only backs up, so Enter may start it.
 */
export function LeadsForm({
  connections,
  connectionId,
  onConnection,
  busy,
  onBackup,
}: {
  connections: ConnectionSummary[];
  connectionId: string;
  onConnection(id: string): void;
  busy: boolean;
  onBackup(target: LeadsTarget): void;
}) {
  const [kind, setKind] = useState<'ids' | 'status'>('ids');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pasted = parseLeadIds(text);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem =
      kind === 'ids'
        ? pasted.ids.length === 0
          ? 'Paste at least one lead id, one per line.'
          : pasted.bad.length > 0
            ? 'Fix or remove the lines listed above, then try again.'
            : null
        : status.trim() === ''
          ? 'Enter the status whose leads to back up, e.g. "lost".'
          : null;
    setError(problem);
    if (problem) return;
    onBackup(kind === 'ids' ? { ids: pasted.ids } : { status: status.trim() });
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="leads-form">
      <h2 id="leads-title">1. Choose leads (Leads API)</h2>
      <fieldset className="kinds" disabled={busy}>
        <legend>Leads</legend>
        <label className="inline">
          Leads connection
          <select
            value={connectionId}
            onChange={(e) => onConnection(e.target.value)}
            data-testid="leads-connection"
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label} ({c.kind})
              </option>
            ))}
          </select>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="leads-source"
            checked={kind === 'ids'}
            onChange={() => setKind('ids')}
            data-testid="leads-source-ids"
          />
          Lead ids, one per line
        </label>
        <label className="radio">
          <input
            type="radio"
            name="leads-source"
            checked={kind === 'status'}
            onChange={() => setKind('status')}
            data-testid="leads-source-status"
          />
          Every lead with one status
        </label>
        {kind === 'ids' ? (
          <label className="inline">
            Lead ids
            <textarea
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              placeholder="lead_3fa2c1…"
              data-testid="leads-ids"
            />
            <small data-testid="leads-ids-summary">
              {pasted.ids.length === 0
                ? 'Nothing pasted yet.'
                : `${formatCount(pasted.ids.length)} lead ids`}
            </small>
          </label>
        ) : (
          <label className="inline">
            Status
            <input
              list="leads-statuses"
              value={status}
              onChange={(e) => setStatus(e.target.value)}
              placeholder="e.g. lost"
              data-testid="leads-status"
            />
            <datalist id="leads-statuses">
              {KNOWN_STATUSES.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
        )}
        {kind === 'ids' && pasted.bad.length > 0 && (
          <div className="error" role="alert" data-testid="leads-bad-lines">
            {formatCount(pasted.bad.length)} lines cannot be used; fix or remove them:
            <ul className="problem-list">
              {pasted.bad.slice(0, 50).map((b) => (
                <li key={`${b.line}-${b.text}`}>
                  {b.line > 0 && `Line ${b.line}: `}
                  {b.text && <code>{b.text}</code>} {b.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>
      <p className="muted">
        Nothing changes yet: the leads are read fresh and backed up to your data folder first. You
        choose delete, archive or anonymize on the next step.
      </p>
      <button type="submit" className="button" disabled={busy} data-testid="leads-backup-start">
        Back up leads
      </button>
      <ErrorMessage message={error} testId="leads-form-error" />
    </form>
  );
}
