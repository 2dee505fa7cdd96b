import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  reconcileOutcomes,
  resultFiles,
  RESULT_COLUMNS,
  retryRows,
} from '../../../src/shared/update/update-results';
import type { OutcomeKind, PlannedRow, RowOutcome } from '../../../src/shared/update/update-types';

function planned(n: number, kind: 'new' | 'changed'): PlannedRow {
  const email = `p${n}@acme.com`;
  return {
    row: n,
    kind,
    email,
    prospectId: kind === 'new' ? null : 100 + n,
    update: { email, first_name: 'X' },
    changes: [],
  };
}

const batch = [planned(2, 'changed'), planned(3, 'new'), planned(4, 'changed'), planned(5, 'new')];

describe('reconcileOutcomes', () => {
  it('maps a partial answer to one outcome per row; unreported rows are unknown', () => {
    const outcomes = reconcileOutcomes(batch, {
      outcomes: [
        { index: 0, email: 'P2@acme.com', ok: true, id: 102 },
        { index: 1, email: 'p3@acme.com', ok: true, id: 555 },
        {
          index: 2,
          email: 'p4@acme.com',
          ok: false,
          id: 104,
          code: 'E_INV_STATUS',
          message: 'Status unknown.',
        },
      ],
    });
    expect(outcomes).toEqual([
      { row: 2, email: 'p2@acme.com', prospectId: 102, outcome: 'updated' },
      { row: 3, email: 'p3@acme.com', prospectId: 555, outcome: 'added' },
      {
        row: 4,
        email: 'p4@acme.com',
        prospectId: 104,
        outcome: 'failed',
        code: 'E_INV_STATUS',
        message: 'Status unknown.',
      },
      expect.objectContaining({ row: 5, prospectId: null, outcome: 'unknown', code: 'UNKNOWN' }),
    ]);
  });

  it('does not trust an answer row whose email differs', () => {
    const outcomes = reconcileOutcomes(batch.slice(0, 1), {
      outcomes: [{ index: 0, email: 'someone@else.com', ok: true, id: 9 }],
    });
    expect(outcomes[0]).toMatchObject({ outcome: 'unknown', prospectId: 102 });
  });

  it('marks every row unknown when the answer is unknown, failed on a certain error', () => {
    expect(reconcileOutcomes(batch, { unknown: true }).map((o) => o.outcome)).toEqual(
      Array(4).fill('unknown'),
    );
    const failed = reconcileOutcomes(batch, {
      error: { code: 'E_PARSER_ERROR', message: 'Invalid request body.' },
    });
    expect(failed.map((o) => [o.row, o.outcome, o.code])).toEqual(
      batch.map((r) => [r.row, 'failed', 'E_PARSER_ERROR']),
    );
  });
});

describe('retryRows', () => {
  it('returns only the failed rows, never unknown ones', () => {
    const outcomes = reconcileOutcomes(batch, {
      outcomes: [
        { index: 0, email: 'p2@acme.com', ok: false, code: 'E_EMAIL', message: 'bad' },
        { index: 1, email: 'p3@acme.com', ok: true, id: 1 },
        { index: 2, email: 'p4@acme.com', ok: false, code: 'E_UNNOWN', message: '?' },
      ],
    });
    expect(retryRows(outcomes, batch).map((r) => r.row)).toEqual([2, 4]);
  });
});

function parse(text: string): string[][] {
  expect(text.startsWith('\ufeff')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data[0]).toEqual([...RESULT_COLUMNS]);
  return parsed.data.slice(1);
}

const KINDS: OutcomeKind[] = ['updated', 'added', 'unchanged', 'failed', 'unknown'];

describe('resultFiles', () => {
  it('writes rows with number, email, id, outcome, code and message', () => {
    const files = resultFiles([
      {
        row: 3,
        email: 'b@x.com',
        prospectId: null,
        outcome: 'unknown',
        code: 'UNKNOWN',
        message: 'm, "q"',
      },
      { row: 2, email: 'a@x.com', prospectId: 7, outcome: 'updated' },
    ]);
    expect(parse(files.success)).toEqual([['2', 'a@x.com', '7', 'updated', '', '']]);
    expect(parse(files.errors)).toEqual([['3', 'b@x.com', '', 'unknown', 'UNKNOWN', 'm, "q"']]);
    expect([files.successCount, files.errorCount]).toEqual([1, 1]);
  });

  it('refuses two outcomes for one row', () => {
    const o: RowOutcome = { row: 2, email: 'a@x.com', prospectId: 1, outcome: 'updated' };
    expect(() => resultFiles([o, { ...o, outcome: 'failed' }])).toThrow(/two outcomes/);
  });

  it('puts every row in exactly one file (property)', () => {
    const outcome = fc.record({
      outcome: fc.constantFrom(...KINDS),
      email: fc.string(),
      prospectId: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
      code: fc.option(fc.string(), { nil: undefined }),
      message: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 60 }),
        fc.array(outcome, { minLength: 60, maxLength: 60 }),
        (rows, details) => {
          const outcomes: RowOutcome[] = rows.map((row, i) => {
            const d = details[i] as (typeof details)[number];
            return {
              row,
              email: d.email,
              prospectId: d.prospectId,
              outcome: d.outcome,
              ...(d.code !== undefined && { code: d.code }),
              ...(d.message !== undefined && { message: d.message }),
            };
          });
          const files = resultFiles(outcomes);
          const success = parse(files.success);
          const errors = parse(files.errors);
          const written = [...success, ...errors].map((r) => Number(r[0]));
          expect(written.sort((a, b) => a - b)).toEqual([...rows].sort((a, b) => a - b));
          for (const r of success) expect(['updated', 'added', 'unchanged']).toContain(r[3]);
          for (const r of errors) expect(['failed', 'unknown']).toContain(r[3]);
          for (const r of errors) if (r[3] === 'unknown') expect(r[4]).toBe('UNKNOWN');
          for (const r of errors) expect(r[4]).not.toBe('');
        },
      ),
      { numRuns: 500 },
    );
  });
});
