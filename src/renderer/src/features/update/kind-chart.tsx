import type { PreviewSummary } from '../../../../shared/update/update-preview';
import { ROW_KINDS } from '../../../../shared/update/update-types';
import { formatCount } from '../../lib/format';
import { KIND_TEXT } from './kind-text';

/** A bar per kind, as wide as its share of the list: where the rows went, at a glance. */
export function KindChart({ summary }: { summary: PreviewSummary }) {
  const max = Math.max(1, ...ROW_KINDS.map((k) => summary.byKind[k]));
  return (
    <figure className="kind-chart" aria-label="Rows by kind" data-testid="update-chart">
      {ROW_KINDS.map((kind) => {
        const n = summary.byKind[kind];
        return (
          <div key={kind} className="kind-chart-row">
            <span className="kind-chart-label">{KIND_TEXT[kind]}</span>
            <span className="kind-chart-track" aria-hidden="true">
              <span
                className={`kind-chart-bar kind-${kind}`}
                style={{ width: `${(n / max) * 100}%` }}
              />
            </span>
            <span className="kind-chart-count">{formatCount(n)}</span>
          </div>
        );
      })}
    </figure>
  );
}
