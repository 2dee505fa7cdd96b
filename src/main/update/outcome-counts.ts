import type { RowOutcome } from '../../shared/update/update-types';

/** Codes of rows the preview never sent (the list marks them invalid or duplicate). */
const NOT_SENDABLE = new Set(['INVALID_ROW', 'DUPLICATE_ROW']);

export type OutcomeCounts = Record<
  'added' | 'updated' | 'unchanged' | 'invalid' | 'failed' | 'unknown',
  number
>;

/**
 * Outcome counts; `invalid` are the list's invalid and duplicate rows (never
 * sent), so `failed` counts only rows Woodpecker refused — the ones a retry sends.
 */
export function countOutcomes(outcomes: readonly RowOutcome[]): OutcomeCounts {
  const counts = { added: 0, updated: 0, unchanged: 0, invalid: 0, failed: 0, unknown: 0 };
  for (const o of outcomes) {
    if (o.outcome === 'failed' && NOT_SENDABLE.has(o.code ?? '')) counts.invalid++;
    else counts[o.outcome]++;
  }
  return counts;
}
