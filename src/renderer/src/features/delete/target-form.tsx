import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AccountRef, ConnectionSummary } from '../../../../shared/connections';
import type { ListMeta } from '../../../../shared/lists';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { ErrorMessage } from '../../components/error-message';
import { AccountSelect } from '../../components/account-select';
import {
  EMPTY_SNAPSHOT_FILTER,
  parseCampaignIds,
  parsePastedTargets,
  snapshotFilterInput,
} from './target-input';
import { TargetSource } from './target-source';
import type { SourceKind } from './target-source';

export type DeleteSourceInput = ChannelInput<'delete:backup'>['source'];

export interface BackupRequest {
  account: AccountRef;
  source: DeleteSourceInput;
  campaignIds?: number[];
}

/**
 * Step 1: which account, which prospects, global delete or campaigns only.
 * Submitting only backs up (nothing is deleted before the confirmation), so
 * Enter in any field may start it.
 */
export function TargetForm({
  connections,
  defaultConnectionId,
  lists,
  busy,
  onBackup,
}: {
  connections: ConnectionSummary[];
  defaultConnectionId: string | null;
  lists: ListMeta[];
  busy: boolean;
  onBackup(request: BackupRequest): void;
}) {
  const initial =
    connections.find((c) => c.id === defaultConnectionId)?.id ?? connections[0]?.id ?? '';
  const [connectionId, setConnectionId] = useState(initial);
  const [companyId, setCompanyId] = useState<number | null>(null);
  const [kind, setKind] = useState<SourceKind>('paste');
  const [listId, setListId] = useState('');
  const [text, setText] = useState('');
  const [snapshot, setSnapshot] = useState(EMPTY_SNAPSHOT_FILTER);
  const [scope, setScope] = useState<'global' | 'campaigns'>('global');
  const [campaignText, setCampaignText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const chosenConnection = connections.some((c) => c.id === connectionId) ? connectionId : initial;
  const chosenList = lists.some((l) => l.id === listId) ? listId : (lists[0]?.id ?? '');
  const pasted = parsePastedTargets(text);
  const campaigns = parseCampaignIds(campaignText);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = check();
    setError(problem);
    if (problem) return;
    const filter = snapshotFilterInput(snapshot, new Date());
    const source: DeleteSourceInput =
      kind === 'snapshot' && filter.ok
        ? { kind: 'snapshot', filter: filter.filter }
        : kind === 'list'
          ? { kind: 'list', listId: chosenList }
          : pasted.kind === 'ids'
            ? { kind: 'ids', ids: pasted.ids }
            : { kind: 'emails', emails: pasted.kind === 'emails' ? pasted.emails : [] };
    onBackup({
      account:
        companyId === null
          ? { connectionId: chosenConnection }
          : { connectionId: chosenConnection, companyId },
      source,
      ...(scope === 'campaigns' && { campaignIds: campaigns.ids }),
    });
  };

  const check = (): string | null => {
    if (!chosenConnection)
      return 'Add a Woodpecker or Sandbox connection on the Connections page first.';
    if (kind === 'list' && !chosenList)
      return 'There is no saved list: import one on the Lists page, or paste ids or emails.';
    if (kind === 'snapshot') {
      const filter = snapshotFilterInput(snapshot, new Date());
      if (!filter.ok) return filter.problem;
    }
    if (kind === 'paste') {
      if (pasted.kind === 'empty') return 'Paste at least one prospect id or email.';
      if (pasted.bad.length > 0) return 'Fix or remove the lines listed above, then try again.';
    }
    if (scope === 'campaigns') {
      if (campaigns.bad.length > 0)
        return `Campaign ids are numbers separated by commas; these are not: ${campaigns.bad.slice(0, 5).join(', ')}.`;
      if (campaigns.ids.length === 0) return 'Enter the campaign ids to remove the prospects from.';
      if (campaigns.ids.length > 1000) return 'At most 1,000 campaigns per run.';
    }
    return null;
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="delete-form">
      <h2>1. Choose what to delete</h2>
      <AccountSelect
        testId="delete"
        className="delete-account"
        connections={connections}
        connectionId={chosenConnection}
        companyId={companyId}
        onChange={(id, company) => {
          setConnectionId(id);
          setCompanyId(company);
        }}
        disabled={busy}
      />
      <TargetSource
        kind={kind}
        onKind={setKind}
        lists={lists}
        listId={chosenList}
        onList={setListId}
        text={text}
        onText={setText}
        pasted={pasted}
        snapshot={snapshot}
        onSnapshot={setSnapshot}
        disabled={busy}
      />
      <fieldset className="kinds" disabled={busy}>
        <legend>What happens to them</legend>
        <label className="radio">
          <input
            type="radio"
            name="delete-scope"
            checked={scope === 'global'}
            onChange={() => setScope('global')}
            data-testid="delete-scope-global"
          />
          Delete from the account (global delete)
        </label>
        <label className="radio">
          <input
            type="radio"
            name="delete-scope"
            checked={scope === 'campaigns'}
            onChange={() => setScope('campaigns')}
            data-testid="delete-scope-campaigns"
          />
          Remove from campaigns only (the prospects stay in the account)
        </label>
        {scope === 'campaigns' && (
          <label className="inline">
            Campaign ids, comma-separated
            <input
              value={campaignText}
              onChange={(e) => setCampaignText(e.target.value)}
              placeholder="e.g. 1201, 1202"
              data-testid="delete-campaigns"
            />
          </label>
        )}
      </fieldset>
      <p className="muted">
        Nothing is deleted yet: the targets are read fresh from the account and backed up to your
        data folder first. You confirm the delete on the next step.
      </p>
      <button type="submit" className="button" disabled={busy} data-testid="delete-backup-start">
        Back up targets
      </button>
      <ErrorMessage message={error} testId="delete-form-error" />
    </form>
  );
}
