/**
 * Outcomes of an update, the success and error result files, and retries.
 *
 * The invariant users care about (notes/api-facts.md: result files with rows
 * in the wrong file): every input row has exactly one outcome and lands in
 * exactly one of the two files. An unknown outcome (the request may or may
 * not have been applied) goes to the error file with code UNKNOWN until it is
 * reconciled by reloading, and is never retried blindly.
 *
 * File sample (CRLF, UTF-8 with BOM):
 *   row,email,prospect_id,outcome,code,message
 *   7,ann@acme.com,1091123456,failed,E_INV_STATUS,Status unknown.
 */
import { csvRecord, UTF8_BOM } from '../csv/csv-writer';
import { emailKey } from '../import/normalise-cell';
import type { PlannedRow, RowOutcome, UpdateAnswer } from './update-types';

/** Columns of both result files. */
export const RESULT_COLUMNS = [
  'row',
  'email',
  'prospect_id',
  'outcome',
  'code',
  'message',
] as const;

export const UNKNOWN_CODE = 'UNKNOWN';
/** Code written for a failed row that came without one. */
export const FAILED_CODE = 'FAILED';

const UNKNOWN_MESSAGE =
  'No answer from Woodpecker: the update may or may not have been applied. Reload to check.';

/**
 * One outcome per row of a request, in the request's order. Answers are
 * matched by index and checked against the email; a row the answer does not
 * account for is 'unknown', never assumed saved or failed.
 */
export function reconcileOutcomes(
  batchRows: readonly PlannedRow[],
  answer: UpdateAnswer,
): RowOutcome[] {
  if ('unknown' in answer) {
    return batchRows.map((r) => unknown(r, answer.message ?? UNKNOWN_MESSAGE));
  }
  if ('error' in answer) {
    return batchRows.map((r) => ({
      ...base(r),
      outcome: 'failed',
      code: answer.error.code,
      message: answer.error.message,
    }));
  }
  const byIndex = new Map(answer.outcomes.map((o) => [o.index, o]));
  return batchRows.map((r, index) => {
    const o = byIndex.get(index);
    if (!o || emailKey(o.email) !== emailKey(r.update.email)) {
      return unknown(r, 'Woodpecker did not report on this prospect. Reload to check.');
    }
    if (!o.ok) {
      return {
        ...base(r),
        prospectId: o.id ?? r.prospectId,
        outcome: 'failed',
        code: o.code,
        message: o.message,
      };
    }
    return { ...base(r), prospectId: o.id, outcome: r.kind === 'new' ? 'added' : 'updated' };
  });
}

function base(r: PlannedRow): { row: number; email: string; prospectId: number | null } {
  return { row: r.row, email: r.email, prospectId: r.prospectId };
}

function unknown(r: PlannedRow, message: string): RowOutcome {
  return { ...base(r), outcome: 'unknown', code: UNKNOWN_CODE, message };
}

/** True for outcomes that belong in the success file. */
export function isSuccess(outcome: RowOutcome): boolean {
  return (
    outcome.outcome === 'updated' || outcome.outcome === 'added' || outcome.outcome === 'unchanged'
  );
}

/** One result-file line (CRLF-terminated, formula-safe); unknown rows always say UNKNOWN. */
export function resultRecord(o: RowOutcome): string {
  // Every error row carries a code, so the error file can be filtered on it.
  const code =
    o.outcome === 'unknown' ? UNKNOWN_CODE : o.code || (o.outcome === 'failed' ? FAILED_CODE : '');
  return csvRecord([
    String(o.row),
    o.email,
    o.prospectId === null ? '' : String(o.prospectId),
    o.outcome,
    code,
    o.message ?? '',
  ]);
}

export interface ResultFiles {
  success: string;
  errors: string;
  successCount: number;
  errorCount: number;
}

/**
 * The two result files, rows in list order. Throws if a row number occurs
 * twice: that would put one row in both files (or twice in one).
 */
export function resultFiles(
  outcomes: readonly RowOutcome[],
  options: { bom?: boolean } = {},
): ResultFiles {
  const sorted = [...outcomes].sort((a, b) => a.row - b.row);
  const header = ((options.bom ?? true) ? UTF8_BOM : '') + csvRecord(RESULT_COLUMNS);
  const success: string[] = [header];
  const errors: string[] = [header];
  for (let i = 0; i < sorted.length; i++) {
    const o = sorted[i] as RowOutcome;
    if (i > 0 && sorted[i - 1]?.row === o.row) throw new Error(`Row ${o.row} has two outcomes`);
    (isSuccess(o) ? success : errors).push(resultRecord(o));
  }
  return {
    success: success.join(''),
    errors: errors.join(''),
    successCount: success.length - 1,
    errorCount: errors.length - 1,
  };
}

/** A planned row held back because its prospect changed after the preview (preview-drift.ts). */
export const CHANGED_SINCE_PREVIEW = 'CHANGED_SINCE_PREVIEW';

/** Failed rows a retry must not send: they need a new preview. */
const NOT_RETRIED: ReadonlySet<string> = new Set([CHANGED_SINCE_PREVIEW]);

/**
 * The planned rows to send again: only those whose outcome is 'failed'
 * (unknown rows must be reconciled first; skipped rows were never planned;
 * rows held back as changed since the preview need a new preview).
 */
export function retryRows<T extends PlannedRow>(
  outcomes: readonly RowOutcome[],
  planned: readonly T[],
): T[] {
  const failed = new Set<number>();
  for (const o of outcomes) {
    if (o.outcome === 'failed' && !NOT_RETRIED.has(o.code ?? '')) failed.add(o.row);
  }
  return planned.filter((p) => failed.has(p.row));
}
