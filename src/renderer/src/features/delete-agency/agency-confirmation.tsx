import { BackupPaths, ConfirmActions, TypedConfirm } from '../../components/confirm-parts';
import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { DryRun } from '../delete/dry-run';
import type { PreparedAgency } from './agency-results';

/**
 * After the backup verified: what "delete ALL" means for this company, where
 * the backup is, the single request, and the typed company name. The button
 * stays disabled until the name matches exactly; main compares it again
 * (agency-delete.ts), so this is a help, not the gate.
 */
export function AgencyConfirmation({
  prepared,
  busy,
  onDelete,
  onStartOver,
}: {
  prepared: PreparedAgency;
  busy: boolean;
  onDelete(typedName: string): void;
  onStartOver(): void;
}) {
  const [typed, setTyped] = useState('');
  const name = prepared.companyName;
  const matches = typed === name;
  return (
    <section
      className="card confirm-delete"
      aria-labelledby="agency-confirm-title"
      data-testid="agency-confirmation"
      data-run-id={prepared.runId}
    >
      <h2 id="agency-confirm-title">2. Confirm: delete ALL prospects of {name}</h2>
      <dl className="facts">
        <dt>Company</dt>
        <dd data-testid="agency-company">
          {name} (company {prepared.companyId})
        </dd>
        <dt>Backed up</dt>
        <dd data-testid="agency-count">{formatCount(prepared.count)}</dd>
        <dt>Backup</dt>
        <BackupPaths backup={prepared.backup} testId="agency-backup-paths" />
        <dt>Run</dt>
        <dd>
          <code>{prepared.runId}</code>
        </dd>
      </dl>
      <DryRun requests={prepared.requests} />
      {prepared.empty ? (
        <p className="muted" data-testid="agency-empty">
          {name} has no prospects: there is nothing to delete.
        </p>
      ) : (
        <>
          <div className="warning-text" data-testid="agency-warning">
            <p>
              This deletes <strong>every</strong> prospect of {name} — {formatCount(prepared.count)}{' '}
              now, and any added before Woodpecker gets to it. It cannot be undone.
            </p>
            <ul>
              <li>The request is sent once and never retried, even if its answer is lost.</li>
              <li>
                Woodpecker carries it out asynchronously: prospects may still show for a while.
              </li>
              <li>
                A restore from the backup re-adds the prospects with new ids and without their
                campaign history (emails sent, opens, replies).
              </li>
            </ul>
          </div>
          <TypedConfirm
            label="Type the company name to confirm"
            value={typed}
            onChange={setTyped}
            matches={matches}
            idleHint={`Type "${name}" exactly; the delete button unlocks when it matches.`}
            mismatchHint={`That is not "${name}". Type it exactly, with the same capitals and spaces.`}
            autoFocus
            disabled={busy}
            testId="agency-confirm-input"
          />
        </>
      )}
      <ConfirmActions
        label={
          prepared.empty ? null : `Delete ALL ${formatCount(prepared.count)} prospects of ${name}`
        }
        ready={matches}
        busy={busy}
        onConfirm={() => onDelete(typed)}
        onStartOver={onStartOver}
        testId="agency"
      />
    </section>
  );
}
