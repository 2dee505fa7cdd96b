import { useState } from 'react';
import type { DuplicateStrategy, ImportSummary } from '../../../../shared/import/session-types';
import { formatCount } from '../../lib/format';
import { ErrorMessage } from '../../components/error-message';

const STRATEGIES: Record<DuplicateStrategy, string> = {
  'keep-first': 'Keep the first row of each',
  'keep-last': 'Keep the last row of each',
  merge: 'Merge: fill the first row’s empty cells from the others',
};

/** Counts at a glance. */
export function ValidationCounts({ summary }: { summary: ImportSummary }) {
  const counts = [
    ['rows', 'Rows', summary.rows],
    ['valid', 'Valid', summary.valid],
    ['invalid', 'With errors', summary.invalid],
    ['duplicates', 'Duplicates', summary.duplicates],
    ['dropped', 'Removed', summary.dropped],
  ] as const;
  return (
    <dl className="counts" data-testid="validation-counts">
      {counts.map(([key, label, value]) => (
        <div key={key} className={`count count-${key}`}>
          <dt>{label}</dt>
          <dd data-testid={`count-${key}`} data-value={value}>
            {formatCount(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Rows sharing an email (case-insensitive): keep the first, the last, or merge
 * them. Removed rows stay visible in the grid (marked) but are not exported.
 */
export function DuplicateResolver({
  summary,
  disabled,
  onResolve,
}: {
  summary: ImportSummary;
  disabled: boolean;
  onResolve(strategy: DuplicateStrategy): Promise<{ removed: number; conflicts: number }>;
}) {
  const [strategy, setStrategy] = useState<DuplicateStrategy>('keep-first');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (summary.duplicateGroups === 0 && result === null) return null;

  const resolve = async () => {
    setError(null);
    try {
      const { removed, conflicts } = await onResolve(strategy);
      setResult(
        `Removed ${formatCount(removed)} duplicate row${removed === 1 ? '' : 's'}` +
          (conflicts > 0
            ? `; ${formatCount(conflicts)} cell${conflicts === 1 ? '' : 's'} differed, the first row’s value was kept.`
            : '.'),
      );
    } catch (e) {
      setError(`Duplicates were not resolved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="duplicates" data-testid="duplicates">
      {summary.duplicateGroups > 0 && (
        <>
          <span>
            {formatCount(summary.duplicateGroups)} email
            {summary.duplicateGroups === 1 ? ' appears' : 's appear'} more than once.
          </span>
          <select
            aria-label="How to resolve duplicates"
            value={strategy}
            onChange={(e) => setStrategy(e.target.value as DuplicateStrategy)}
            data-testid="duplicates-strategy"
          >
            {Object.entries(STRATEGIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button secondary"
            disabled={disabled}
            onClick={() => void resolve()}
            data-testid="duplicates-resolve"
          >
            Resolve duplicates
          </button>
        </>
      )}
      {result && (
        <span className="success" role="status" data-testid="duplicates-result">
          {result}
        </span>
      )}
      <ErrorMessage message={error} />
    </div>
  );
}
