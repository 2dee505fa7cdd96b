import { useState } from 'react';
import type { PreviewSummary } from '../../../../shared/update/update-preview';
import { ROW_KINDS } from '../../../../shared/update/update-types';
import type { RowKind } from '../../../../shared/update/update-types';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { KindChart } from './kind-chart';
import { KIND_HINT, KIND_TEXT } from './kind-text';
import { updateStore } from './update-store';

/**
 * Step 2: how the list compares with the account — counts per kind, what
 * will be sent, the changes that deserve a second look — with the chips
 * that choose which rows the list below shows and the bulk include/exclude.
 */
export function PreviewSummaryView({
  previewId,
  summary,
  kinds,
  disabled,
}: {
  previewId: string;
  summary: PreviewSummary;
  kinds: RowKind[];
  disabled: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const include = async (kind: 'new' | 'changed', included: boolean) => {
    setError(null);
    const result = await api.setPreviewIncluded({ previewId, kind, included });
    if (!result.ok) return setError(result.error.message);
    const { rowsVersion } = updateStore.get();
    updateStore.update({ summary: result.value, rowsVersion: rowsVersion + 1 });
  };
  const toggleKind = (kind: RowKind) => {
    const next = kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind];
    // At least one kind stays shown: an empty filter would show nothing at all.
    if (next.length > 0) updateStore.update({ kinds: ROW_KINDS.filter((k) => next.includes(k)) });
  };
  const { flags } = summary;
  return (
    <section className="card" aria-labelledby="update-summary-title" data-testid="update-summary">
      <h2 id="update-summary-title">2. Preview</h2>
      <div className="update-summary">
        <dl className="counts">
          {ROW_KINDS.map((kind) => (
            <div key={kind} className={`count count-${kind}`} title={KIND_HINT[kind]}>
              <dt>{KIND_TEXT[kind]}</dt>
              <dd data-testid={`update-count-${kind}`}>{formatCount(summary.byKind[kind])}</dd>
            </div>
          ))}
          <div className="count">
            <dt>Will be sent</dt>
            <dd data-testid="update-count-included">{formatCount(summary.included)}</dd>
          </div>
        </dl>
        <KindChart summary={summary} />
      </div>
      <p data-testid="update-flags" className={summary.flaggedRows > 0 ? 'warning-text' : 'muted'}>
        {summary.flaggedRows === 0
          ? 'No status changes, overwrites or clears.'
          : `Check ${formatCount(summary.flaggedRows)} rows with flagged changes: ` +
            `${formatCount(flags['status-change'])} status changes, ` +
            `${formatCount(flags.overwrite)} overwrites of a stored value, ` +
            `${formatCount(flags.clear)} clears.`}
      </p>
      <div className="actions">
        <div className="segmented" role="group" aria-label="Show rows">
          {ROW_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={kinds.includes(kind)}
              onClick={() => toggleKind(kind)}
              title={KIND_HINT[kind]}
              data-testid={`update-chip-${kind}`}
            >
              {KIND_TEXT[kind]} {formatCount(summary.byKind[kind])}
            </button>
          ))}
        </div>
      </div>
      <div className="actions">
        {(['new', 'changed'] as const).map((kind) => (
          <span key={kind} className="update-bulk">
            <button
              type="button"
              className="button secondary"
              disabled={disabled || summary.byKind[kind] === 0}
              onClick={() => void include(kind, true)}
              data-testid={`update-include-all-${kind}`}
            >
              Include all {kind}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={disabled || summary.byKind[kind] === 0}
              onClick={() => void include(kind, false)}
              data-testid={`update-exclude-all-${kind}`}
            >
              Exclude all {kind}
            </button>
          </span>
        ))}
      </div>
      <ErrorMessage message={error} testId="update-include-error" />
    </section>
  );
}
