import { useState } from 'react';
import type { PreparedDelete } from '../../../../shared/delete';
import { BackupPaths, ConfirmActions, TypedConfirm } from '../../components/confirm-parts';
import { formatCount } from '../../lib/format';
import { DryRun } from './dry-run';

/**
 * Step 2, after the backup verified: what will happen, where the backup is,
 * the dry run, and the typed count. The delete button stays disabled until
 * the typed number is exactly the number of prospects to delete; main checks
 * it again (delete-gate.ts), so this is a help, not the gate.
 */
export function DeleteConfirmation({
  prepared,
  accountName,
  busy,
  onDelete,
  onStartOver,
}: {
  prepared: PreparedDelete;
  accountName: string;
  busy: boolean;
  onDelete(confirmCount: number): void;
  onStartOver(): void;
}) {
  const [typed, setTyped] = useState('');
  const n = prepared.backedUp;
  const campaigns = prepared.campaignIds;
  const outside = prepared.notInCampaignsCount ?? 0;
  const matches = typed === String(n);
  const verb = campaigns ? 'remove' : 'delete';
  return (
    <section
      className="card confirm-delete"
      aria-labelledby="confirm-delete-title"
      data-testid="delete-confirmation"
      data-run-id={prepared.runId}
    >
      <h2 id="confirm-delete-title">2. Confirm</h2>
      <p className="confirm-headline" data-testid="delete-summary">
        {campaigns ? (
          <>
            Remove <strong>{formatCount(n - outside)}</strong> prospects from campaigns{' '}
            <strong>{campaigns.join(', ')}</strong> in <strong>{accountName}</strong>. They stay in
            the account.
            {outside > 0 &&
              ` ${formatCount(outside)} of the ${formatCount(n)} backed up are in none of them and are left alone.`}
          </>
        ) : (
          <>
            Delete <strong>{formatCount(n)}</strong> prospects from <strong>{accountName}</strong>{' '}
            (global delete: gone from every campaign).
          </>
        )}
      </p>
      <dl className="facts">
        <dt>Targets asked for</dt>
        <dd data-testid="delete-targets">{formatCount(prepared.targets)}</dd>
        <dt>Backed up</dt>
        <dd data-testid="delete-backed-up">{formatCount(n)}</dd>
        <dt>Not found</dt>
        <dd data-testid="delete-not-found">
          {formatCount(prepared.notFoundCount)}
          {prepared.notFoundCount > 0 && (
            <span className="muted">
              {' '}
              (not in the account, nothing to do): {prepared.notFound.slice(0, 10).join(', ')}
              {prepared.notFoundCount > 10 && ', …'}
            </span>
          )}
        </dd>
        {campaigns && (
          <>
            <dt>Not in those campaigns</dt>
            <dd data-testid="delete-not-in-campaigns">
              {formatCount(outside)}
              {outside > 0 && (
                <span className="muted">
                  {' '}
                  (backed up, not sent, not counted as removed):{' '}
                  {(prepared.notInCampaigns ?? []).slice(0, 10).join(', ')}
                  {outside > 10 && ', …'}
                </span>
              )}
            </dd>
          </>
        )}
        <dt>Backup</dt>
        <BackupPaths backup={prepared.backup} testId="delete-backup-paths" />
        <dt>Run</dt>
        <dd>
          <code>{prepared.runId}</code>
        </dd>
      </dl>
      <DryRun requests={prepared.requests} />
      {n === 0 ? (
        <p className="muted" data-testid="delete-nothing">
          None of the targets is in the account: there is nothing to {verb}.
        </p>
      ) : (
        <TypedConfirm
          label={`Type ${n} to ${verb} ${formatCount(n)} prospects`}
          value={typed}
          onChange={setTyped}
          matches={matches}
          idleHint="The delete button unlocks when the number matches exactly."
          mismatchHint={`That is not ${n}. Type the number exactly, without separators.`}
          numeric
          autoFocus
          disabled={busy}
          testId="delete-confirm-input"
        />
      )}
      <ConfirmActions
        label={n > 0 ? `${campaigns ? 'Remove' : 'Delete'} ${formatCount(n)} prospects` : null}
        ready={matches}
        busy={busy}
        onConfirm={() => onDelete(n)}
        onStartOver={onStartOver}
        testId="delete"
      />
    </section>
  );
}
