import type { ListMeta } from '../../../../shared/lists';
import { formatCount } from '../../lib/format';
import type { PastedTargets } from './target-input';

export type SourceKind = 'list' | 'paste';

/** Where the targets come from: a saved list's emails, or pasted ids / emails. */
export function TargetSource({
  kind,
  onKind,
  lists,
  listId,
  onList,
  text,
  onText,
  pasted,
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
      {kind === 'list' ? (
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
