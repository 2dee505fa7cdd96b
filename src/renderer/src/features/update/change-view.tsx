import { FIELD_LABELS } from '../../../../shared/import/prospect-fields';
import type { FieldChange } from '../../../../shared/update/diff-row';
import { displayValue } from '../../../../shared/update/change-display';
import type { ProspectField } from '../../../../shared/import/prospect-fields';
import { formatCount } from '../../lib/format';
import { FLAG_TEXT } from './kind-text';

/** Characters of each value shown inside a list row (the full value is in the details). */
const COMPACT_CHARS = 60;

/** One value, line by line as Woodpecker will show it; "empty" when there is none. */
function Value({
  field,
  value,
  compact,
  side,
}: {
  field: ProspectField;
  value: string;
  compact: boolean;
  side: 'old' | 'new';
}) {
  const shown = displayValue(field, value, compact ? COMPACT_CHARS : undefined);
  if (shown.empty) return <span className={`change-${side} change-empty`}>empty</span>;
  const more = shown.hiddenChars > 0 && (
    <span className="muted"> … {formatCount(shown.hiddenChars)} more characters</span>
  );
  if (compact) {
    return (
      <span className={`change-${side}`} data-testid={`change-${side}`}>
        {shown.lines.join(' ⏎ ')}
        {more}
      </span>
    );
  }
  return (
    <span className={`change-${side} change-lines`} data-testid={`change-${side}`}>
      {shown.lines.map((line, i) => (
        <span key={i} className="change-line">
          {line === '' ? '\u00a0' : line}
        </span>
      ))}
      {more}
    </span>
  );
}

/**
 * A field's change, old → new, with its flags marked: a status change, an
 * overwrite of a stored value, a clear. `compact` fits one line of the list.
 */
export function ChangeView({ change, compact }: { change: FieldChange; compact: boolean }) {
  const flagged = change.flags.length > 0;
  return (
    <span
      className={`change${flagged ? ' change-flagged' : ''}${compact ? ' compact' : ''}`}
      data-testid="change"
      data-field={change.field}
      data-flags={change.flags.join(' ')}
    >
      <span className="change-field">{FIELD_LABELS[change.field]}</span>
      {change.flags.map((flag) => (
        <span key={flag} className={`badge change-flag flag-${flag}`}>
          {FLAG_TEXT[flag]}
        </span>
      ))}
      <Value field={change.field} value={change.old} compact={compact} side="old" />
      <span className="change-arrow" aria-label="becomes">
        →
      </span>
      <Value field={change.field} value={change.new} compact={compact} side="new" />
    </span>
  );
}
