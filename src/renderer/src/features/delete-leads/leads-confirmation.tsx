import { BackupPaths, ConfirmActions, TypedConfirm } from '../../components/confirm-parts';
import { useState } from 'react';
import { formatCount } from '../../lib/format';
import type { LeadsAction, PreparedLeads } from './leads-results';

const ACTIONS: { action: LeadsAction; label: string; what: string }[] = [
  {
    action: 'archive',
    label: 'Archive instead',
    what: 'Sets status "lost" and marks the lead archived with your reason. Restore undoes it.',
  },
  {
    action: 'anonymize',
    label: 'Anonymize',
    what: 'Replaces name, email and phone; the lead stays. Restore puts them back from the backup.',
  },
  {
    action: 'delete',
    label: 'Delete',
    what: 'Removes the lead for good. The API cannot re-create it: only the backup file keeps it.',
  },
];

const VERB: Record<LeadsAction, string> = {
  delete: 'Delete',
  archive: 'Archive',
  anonymize: 'Anonymize',
};

/**
 * After the backup verified: the leads (first 20 by name and email), the ids
 * not found, the action, and the typed count. The button stays disabled until
 * the number typed is exactly the number of leads.
 */
export function LeadsConfirmation({
  prepared,
  connectionLabel,
  busy,
  onRun,
  onStartOver,
}: {
  prepared: PreparedLeads;
  connectionLabel: string;
  busy: boolean;
  onRun(action: LeadsAction, reason: string, confirmCount: number): void;
  onStartOver(): void;
}) {
  const [action, setAction] = useState<LeadsAction>('archive');
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const n = prepared.total;
  const matches = typed === String(n);
  const more = n - prepared.preview.length;
  return (
    <section
      className="card confirm-delete"
      aria-labelledby="leads-confirm-title"
      data-testid="leads-confirmation"
      data-run-id={prepared.runId}
    >
      <h2 id="leads-confirm-title">2. Confirm</h2>
      <p className="confirm-headline" data-testid="leads-summary">
        <strong>{formatCount(n)}</strong> leads of <strong>{connectionLabel}</strong> are backed up.
      </p>
      <table className="saved-lists leads-preview" data-testid="leads-preview">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Id</th>
          </tr>
        </thead>
        <tbody>
          {prepared.preview.map((lead) => (
            <tr key={lead.id} data-testid="leads-preview-row">
              <td>{lead.name ?? '—'}</td>
              <td>{lead.email ?? '—'}</td>
              <td>
                <code>{lead.id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && <p className="muted">…and {formatCount(more)} more (all in the backup).</p>}
      {prepared.listingNote && (
        <p className="warning-text" role="note" data-testid="leads-listing-note">
          {prepared.listingNote}
        </p>
      )}
      <dl className="facts">
        <dt>Backed up</dt>
        <dd data-testid="leads-total">{formatCount(n)}</dd>
        <dt>Not found</dt>
        <dd data-testid="leads-not-found">
          {formatCount(prepared.notFound.length)}
          {prepared.notFound.length > 0 && (
            <span className="muted">
              {' '}
              (not in the workspace, nothing to do): {prepared.notFound.slice(0, 20).join(', ')}
              {prepared.notFound.length > 20 && ', …'}
            </span>
          )}
        </dd>
        <dt>Backup</dt>
        <BackupPaths backup={prepared.backup} testId="leads-backup-paths" />
        <dt>Run</dt>
        <dd>
          <code>{prepared.runId}</code>
        </dd>
      </dl>
      <fieldset className="kinds" disabled={busy}>
        <legend>What happens to them</legend>
        {ACTIONS.map((a) => (
          <label key={a.action} className="radio">
            <input
              type="radio"
              name="leads-action"
              checked={action === a.action}
              onChange={() => setAction(a.action)}
              data-testid={`leads-action-${a.action}`}
            />
            <span>
              {a.label} <span className="muted">— {a.what}</span>
            </span>
          </label>
        ))}
        {action === 'archive' && (
          <label className="inline">
            Reason (saved as archived_reason)
            <input
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              placeholder="No longer interested"
              data-testid="leads-reason"
            />
          </label>
        )}
      </fieldset>
      <TypedConfirm
        label={`Type ${n} to ${VERB[action].toLowerCase()} ${formatCount(n)} leads`}
        value={typed}
        onChange={setTyped}
        matches={matches}
        idleHint="The button unlocks when the number matches exactly."
        mismatchHint={`That is not ${n}. Type the number exactly, without separators.`}
        numeric
        disabled={busy}
        testId="leads-confirm-input"
      />
      <ConfirmActions
        label={`${VERB[action]} ${formatCount(n)} leads`}
        danger={action === 'delete'}
        ready={matches}
        busy={busy}
        onConfirm={() => onRun(action, action === 'archive' ? reason.trim() : '', Number(typed))}
        onStartOver={onStartOver}
        testId="leads"
      />
    </section>
  );
}
