import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord, UTF8_BOM } from '../../../src/shared/csv/csv-writer';
import { ImportSession } from '../../../src/shared/import/import-session';
import { parseBytes } from '../../../src/shared/import/parse-records';
import { utf8Bytes } from './byte-helpers';

// Our own files read back exactly: docs/decisions/003-formula-safe-csv.md.

/** Characters the formula guard is about, and CSV's awkward ones. */
const SPECIAL = [
  "'",
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\u00a0',
  '\u2003',
  '\u200e',
  '\u3000',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\uff1d',
  '\uff0b',
  '\uff0d',
  '\uff20',
  '\ufe62',
  '\ufe63',
  '\ufe66',
  '\u2212',
  '"',
  ',',
  '1',
  'a',
  'é',
  '東',
];

/** C0 controls other than TAB/LF/CR read as a binary file when common, and NUL is stripped. */
const withoutRareControls = (text: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  text.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');

/** Any unicode text, biased toward triggers, apostrophes, blanks and line breaks. */
const body = fc
  .string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
    ),
    maxLength: 10,
  })
  .map(withoutRareControls);

/** A cell: sometimes one or more apostrophes and a VT or FF in front (rare: see above). */
const anyCell = fc
  .tuple(
    fc.constantFrom('', '', '', "'", "''", "'''"),
    fc.constantFrom(...Array<string>(30).fill(''), '\u000b', '\u000c'),
    body,
  )
  .map(([quotes, control, text]) => `${quotes}${control}${text}`);

/** Rows of two or more columns (a one-column blank cell is a blank line, skipped on purpose). */
const table = fc.integer({ min: 2, max: 5 }).chain((width) =>
  fc.record({
    header: fc.constant(Array.from({ length: width }, (_, i) => `c${i}`)),
    rows: fc.array(fc.array(anyCell, { minLength: width, maxLength: width }), { maxLength: 20 }),
  }),
);

const sizes = fc.record({
  chunkBytes: fc.constantFrom(1, 3, 64, 1 << 20),
  pieceChars: fc.constantFrom(1, 5, 100, 1 << 19),
});

function controlShareIsText(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0b || c === 0x0c) control++;
  }
  return control < 8 || control <= text.length * 0.02;
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function drain(generator: Generator<string>): Promise<string> {
  let text = '';
  for (const chunk of generator) text += chunk;
  return text;
}

describe('the formula guard round trip', () => {
  it('any cell → our CSV writer → our import → the same cell', async () => {
    await fc.assert(
      fc.asyncProperty(table, sizes, async ({ header, rows }, { chunkBytes, pieceChars }) => {
        const text = [header, ...rows].map((row) => csvRecord(row)).join('');
        fc.pre(controlShareIsText(text));
        const parsed = await parseBytes(utf8Bytes(text), {
          chunkBytes,
          pieceChars,
          encoding: 'utf-8',
          dialect: { delimiter: ',', lineEnding: '\r\n', headerRow: 0 },
        });
        expect(parsed.header).toEqual(header);
        expect(parsed.records).toEqual(rows);
        expect(parsed.problems).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a list of our file (detected settings) shows the values, and exports the same file again', async () => {
    const plain = anyCell.map((cell) => cell.replace(/[;\t|]/g, ''));
    const rows = fc.array(
      fc
        .tuple(fc.nat({ max: 99 }), plain, plain, plain)
        .map(([n, name, snippet, phone]) => [`p${n}@example.com`, name, snippet, phone]),
      { minLength: 1, maxLength: 15 },
    );
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (records, bom) => {
        const header = ['Email', 'First Name', 'Snippet 1', 'Phone'];
        const text =
          (bom ? UTF8_BOM : '') + [header, ...records].map((row) => csvRecord(row)).join('');
        fc.pre(controlShareIsText(text));
        const session = ImportSession.start(chunks(new TextEncoder().encode(text), 7), {
          fileName: 'ours.csv',
          totalBytes: null,
        });
        const summary = await session.done;
        expect(summary.headers).toEqual(header);
        expect(summary.mapping.columns.map((c) => c.field)).toEqual([
          'email',
          'first_name',
          'snippet1',
          'phone',
        ]);
        const grid = session.query({ filter: 'all' }, 0, 100);
        expect(grid.rows.map((r) => r.cells)).toEqual(records);
        const again = await drain(
          session.exportChunks(null, { format: 'csv', columns: 'source', bom }),
        );
        expect(again).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads guarded header cells and the values of the issue back as written', async () => {
    const values = [
      ['email', '-Notes', '@Owner'],
      ['ana@example.com', '-5% churn since Q2', '@channel update'],
      ['bo@example.com', "'Tis the season", "'90s"],
      ['cy@example.com', "'=not a formula", '\ufe66\u2212\u3000\u200b\ufeff'],
    ];
    const text = values.map((row) => csvRecord(row)).join('');
    expect(text).toContain(`'-5% churn since Q2`);
    expect(text).toContain(`''=not a formula`);
    expect(text).toContain(`,'Tis the season,'90s\r\n`);
    const parsed = await parseBytes(utf8Bytes(text));
    expect([parsed.header, ...parsed.records]).toEqual(values);
  });
});
