import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord } from '../../../src/shared/csv/csv-writer';
import { createChunkParser, parseLenient } from '../../../src/shared/import/csv-chunk';
import { ImportError } from '../../../src/shared/import/import-error';
import { parseBytes } from '../../../src/shared/import/parse-records';
import { utf8Bytes } from './byte-helpers';

/** Text-like bytes: CSV punctuation, line breaks, quotes, NUL, accents, BOMs. */
const csvishBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '\t',
        '|',
        '"',
        '\r',
        '\n',
        '\r\n',
        '\0',
        ' ',
        'a',
        'é',
        '😀',
        'sep=;',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 400, size: 'medium' },
  )
  .map((parts) => utf8Bytes(parts.join('')));

// fast-check keeps arrays short unless asked (`size`): mix short and long ones.
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 4096, size: 'max' }),
  csvishBytes,
  fc
    .tuple(
      fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x50, 0x4b, 3, 4]),
      fc.uint8Array({ maxLength: 512 }),
    )
    .map(([head, tail]) => new Uint8Array([...head, ...tail])),
);

/**
 * Byte chunks as a source might deliver them, and the text pieces papaparse
 * gets (normally 512 Ki characters: tiny ones put record, CRLF and quote
 * boundaries at every possible place).
 */
const sizes = fc.record({
  chunkBytes: fc.constantFrom(1, 2, 3, 7, 64, 1000, 1 << 20),
  pieceChars: fc.constantFrom(1, 2, 5, 16, 100, 1 << 19),
});

/** Codes a byte string may legitimately be refused with (never 'internal'). */
const INPUT_ERRORS = [
  'empty',
  'xlsx',
  'xls',
  'pdf',
  'html',
  'binary',
  'unclosed-quote',
  'no-header',
  'record-too-long',
];

function withoutControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code !== 0x7f) || code === 0x09 || code === 0x0a || code === 0x0d)
      out += ch;
  }
  return out;
}

/** A cell as people type them: any text, plus CSV's awkward characters. */
const cell = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('"', ',', '\r', '\n', '\r\n', '""', ' ', ' x ', 'é', '😀', '東京'),
    fc.string({ unit: fc.constantFrom('a', '"', ',', '\r', '\n', ' ', 'é'), maxLength: 8 }),
  )
  // NULs are stripped by design; other C0 controls would read as a binary file.
  .map(withoutControls);

/** A header and rows of the same width. A lone blank cell is a blank line, so not in width-1 tables. */
const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    header: fc.constant(Array.from({ length: width }, (_, i) => `c${i}`)),
    rows: fc.array(
      fc
        .array(cell, { minLength: width, maxLength: width })
        .filter((row) => width > 1 || row[0]!.trim() !== ''),
      { maxLength: 25 },
    ),
  }),
);

/**
 * CSV text as our writer makes it (formula-guarded: the import removes the
 * guard, decision 003) and the 1-based line each row starts on (LF counts a
 * line, as in CRLF files).
 */
function serialise(header: string[], rows: string[][]): { text: string; lines: number[] } {
  let text = csvRecord(header);
  const lines: number[] = [];
  let line = 1 + (text.match(/\n/g)?.length ?? 0);
  for (const row of rows) {
    lines.push(line);
    const record = csvRecord(row);
    line += record.match(/\n/g)?.length ?? 0;
    text += record;
  }
  return { text, lines };
}

describe('properties', () => {
  it('turns any byte string into records or an ImportError, never another error, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, sizes, async (bytes, { chunkBytes, pieceChars }) => {
        try {
          const parsed = await parseBytes(bytes, { chunkBytes, pieceChars });
          expect(new Set(parsed.header.map((h) => h.toLowerCase())).size).toBe(
            parsed.header.length,
          );
          expect(parsed.header.every((h) => h.trim() !== '')).toBe(true);
          let previous = parsed.headerLine;
          parsed.records.forEach((record, i) => {
            expect(record).toHaveLength(parsed.header.length);
            expect(record.some((c) => c.includes('\0'))).toBe(false);
            expect(parsed.lines[i]!).toBeGreaterThan(previous);
            previous = parsed.lines[i]!;
          });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(INPUT_ERRORS).toContain(error.code);
          expect(error.message.length).toBeGreaterThan(20);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('reads back exactly what our RFC 4180 writer wrote, with the right lines (explicit settings)', async () => {
    await fc.assert(
      fc.asyncProperty(table, sizes, async ({ header, rows }, { chunkBytes, pieceChars }) => {
        const { text, lines } = serialise(header, rows);
        const parsed = await parseBytes(utf8Bytes(text), {
          chunkBytes,
          pieceChars,
          encoding: 'utf-8',
          dialect: { delimiter: ',', lineEnding: '\r\n', headerRow: 0 },
        });
        expect(parsed.header).toEqual(header);
        expect(parsed.records).toEqual(rows);
        expect(parsed.lines).toEqual(lines);
        expect(parsed.problems).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('detects the dialect of what it wrote and reads it back', async () => {
    const plainCell = cell.map((s) => s.replace(/[;\t|]/g, ''));
    const plainTable = fc.integer({ min: 2, max: 6 }).chain((width) =>
      fc.record({
        header: fc.constant(Array.from({ length: width }, (_, i) => `column ${i}`)),
        rows: fc.array(fc.array(plainCell, { minLength: width, maxLength: width }), {
          maxLength: 25,
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(plainTable, fc.boolean(), sizes, async ({ header, rows }, bom, size) => {
        const { text, lines } = serialise(header, rows);
        const parsed = await parseBytes(utf8Bytes(text, bom), size);
        expect(parsed.detection).toMatchObject({
          encoding: 'utf-8',
          bom,
          delimiter: ',',
          headerRow: 0,
        });
        expect(parsed.records).toEqual(rows);
        expect(parsed.lines).toEqual(lines);
      }),
      { numRuns: 300 },
    );
  });

  it('parses well-formed CSV the same with papaparse and the lenient fallback', () => {
    fc.assert(
      fc.property(table, fc.boolean(), ({ header, rows }, ignoreLastRow) => {
        const { text } = serialise(header, rows);
        const body = ignoreLastRow ? text : text.slice(0, -2); // no final CRLF
        const papa = createChunkParser(',', '\r\n')(body, ignoreLastRow);
        const lenient = parseLenient(body, ',', '\r\n', ignoreLastRow);
        expect(lenient.records).toEqual(papa.records);
        expect(lenient.cursor).toBe(papa.cursor);
        expect(lenient.malformed).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never throws on malformed text in the lenient parser, and stays in bounds', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '"', ',', '\n', '\r', ' '),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, fc.boolean(), (input, ignoreLastRow) => {
        const result = parseLenient(input, ',', '\n', ignoreLastRow);
        expect(result.cursor).toBeGreaterThanOrEqual(0);
        expect(result.cursor).toBeLessThanOrEqual(input.length);
        if (ignoreLastRow) expect(result.unclosedQuoteAt).toBe(-1);
      }),
      { numRuns: 2_000 },
    );
  });
});
