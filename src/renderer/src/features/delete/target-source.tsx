import { StatusSelect } from '../../components/status-select';
import type { ListMeta } from '../../../../shared/lists';
import { formatCount } from '../../lib/format';
import type { PastedTargets, SnapshotFilterFields } from './target-input';

export type SourceKind = 'list' | 'paste' | 'snapshot';

/**
 * Where the targets come from: a saved list's emails, pasted ids / emails, or
 * a filter over the account's snapshot (which only picks the ids).
 */
export function TargetSource({
  kind,
  onKind,
  lists,
  listId,
  onList,
  text,
  onText,
  pasted,
  snapshot,
  onSnapshot,
  disabled,
}: {
  kind: SourceKind;
  onKind(kind: SourceKind): void;
  lists: ListMeta[];
  listId: string;
  onList(id: string): void;
  text: string;
  onText(text: string): void;
  pasted: PastedTargets;
  snapshot: SnapshotFilterFields;
  onSnapshot(fields: SnapshotFilterFields): void;
  disabled: boolean;
}) {
  return (
    <fieldset className="kinds" disabled={disabled}>
      <legend>Targets</legend>
      <label className="radio">
        <input
          type="radio"
          name="delete-source"
          checked={kind === 'paste'}
          onChange={() => onKind('paste')}
          data-testid="delete-source-paste"
        />
        Paste prospect ids or emails
      </label>
      <label className="radio">
        <input
          type="radio"
          name="delete-source"
          checked={kind === 'list'}
          onChange={() => onKind('list')}
          data-testid="delete-source-list"
        />
        The emails of a saved list
      </label>
      <label className="radio">
        <input
          type="radio"
          name="delete-source"
          checked={kind === 'snapshot'}
          onChange={() => onKind('snapshot')}
          data-testid="delete-source-snapshot"
        />
        Snapshot filter (prospects matching filters in the account&apos;s snapshot)
      </label>
      {kind === 'snapshot' ? (
        <SnapshotFilterFieldset fields={snapshot} onChange={onSnapshot} />
      ) : kind === 'list' ? (
        <label className="inline">
          Saved list
          <select value={listId} onChange={(e) => onList(e.target.value)} data-testid="delete-list">
            {lists.length === 0 && <option value="">No saved lists (import one on Lists)</option>}
            {lists.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({formatCount(l.valid)} valid rows)
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="inline">
          One per line: all digits → prospect ids, otherwise emails
          <textarea
            rows={6}
            value={text}
            onChange={(e) => onText(e.target.value)}
            spellCheck={false}
            data-testid="delete-paste"
          />
          <small data-testid="delete-paste-summary">
            {pasted.kind === 'ids' && `${formatCount(pasted.ids.length)} prospect ids`}
            {pasted.kind === 'emails' && `${formatCount(pasted.emails.length)} emails`}
            {pasted.kind === 'empty' && 'Nothing pasted yet.'}
          </small>
        </label>
      )}
      {kind === 'paste' && pasted.bad.length > 0 && (
        <div className="error" role="alert" data-testid="delete-bad-lines">
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
  );
}

/** The filter fields of the "Snapshot filter" source. */
function SnapshotFilterFieldset({
  fields,
  onChange,
}: {
  fields: SnapshotFilterFields;
  onChange(fields: SnapshotFilterFields): void;
}) {
  const set = (patch: Partial<SnapshotFilterFields>) => onChange({ ...fields, ...patch });
  return (
    <div className="snapshot-filter" data-testid="delete-snapshot-filter">
      <StatusSelect
        value={fields.status}
        onChange={(status) => set({ status })}
        testId="delete-snapshot-status"
      />
      <label className="inline">
        Tag
        <input
          value={fields.tag}
          onChange={(e) => set({ tag: e.target.value })}
          placeholder="e.g. #vip"
          data-testid="delete-snapshot-tag"
        />
      </label>
      <label className="inline">
        Contacted
        <select
          value={fields.contacted}
          onChange={(e) => set({ contacted: e.target.value as SnapshotFilterFields['contacted'] })}
          data-testid="delete-snapshot-contacted"
        >
          <option value="any">Any</option>
          <option value="yes">Contacted</option>
          <option value="no">Never contacted</option>
        </select>
      </label>
      <label className="inline">
        Not contacted for
        <select
          value={fields.notContactedFor}
          onChange={(e) =>
            set({ notContactedFor: e.target.value as SnapshotFilterFields['notContactedFor'] })
          }
          data-testid="delete-snapshot-not-contacted"
        >
          <option value="any">Any time</option>
          <option value="6m">6 months</option>
          <option value="1y">1 year</option>
          <option value="custom">Since a date…</option>
        </select>
      </label>
      {fields.notContactedFor === 'custom' && (
        <label className="inline">
          Not contacted since
          <input
            type="date"
            value={fields.since}
            onChange={(e) => set({ since: e.target.value })}
            data-testid="delete-snapshot-since"
          />
        </label>
      )}
      <small className="muted" data-testid="delete-snapshot-hint">
        The snapshot only picks the prospect ids; the backup reads each of them fresh from the
        account, so the delete acts on what is there now. Sync the snapshot on the Account page
        first.
      </small>
    </div>
  );
}
