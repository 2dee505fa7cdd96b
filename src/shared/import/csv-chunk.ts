/**
 * Splits one piece of decoded CSV text into records.
 *
 * papaparse's `Parser` does the work (header: false, no `step`, which is
 * 11.7 × R against 4.4 × R: performance-facts.md). It switches to its split-
 * based fast mode by itself only for text without any quote, which is safe;
 * we never force `fastMode` (it corrupts quoted cells).
 *
 * papaparse reads a malformed quoted cell such as `"Bob" Smith,…` by hunting
 * for the next quote, which can be rows later, so good rows get swallowed
 * into one cell. When it reports such a quote we re-read that piece with
 * `parseLenient`, which follows Excel and Python's csv module: text after a
 * closing quote is kept as part of the cell, up to the next delimiter.
 */
import Papa from 'papaparse';

/** The record separator papaparse splits on. */
export type Newline = '\n' | '\r' | '\r\n';

/** What one parse call found. */
export interface ChunkResult {
  /** Records in order; with `ignoreLastRow` only complete (terminated) ones. */
  records: string[][];
  /** Index in the input just after the last record returned. */
  cursor: number;
  /** Indexes into `records` of records with a malformed quoted cell. */
  malformed: readonly number[];
  /** Index of an opening quote that never closes (only without `ignoreLastRow`), else -1. */
  unclosedQuoteAt: number;
}

/** Parses one input; `ignoreLastRow` leaves a possibly incomplete last record for later. */
export type ChunkParser = (input: string, ignoreLastRow: boolean) => ChunkResult;

const NONE: readonly number[] = [];
const QUOTE = 34;

interface PapaError {
  code: string;
  index: number;
}

/** A parser bound to one delimiter and newline, reusable across pieces. */
export function createChunkParser(delimiter: string, newline: Newline): ChunkParser {
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', escapeChar: '"' });
  return (input, ignoreLastRow) => {
    const result = parser.parse(input, 0, ignoreLastRow) as {
      data: string[][];
      errors: PapaError[];
      meta: { cursor: number };
    };
    const errors = result.errors;
    if (errors.length === 0) {
      return {
        records: result.data,
        cursor: ignoreLastRow ? result.meta.cursor : input.length,
        malformed: NONE,
        unclosedQuoteAt: -1,
      };
    }
    if (errors.some((e) => e.code === 'InvalidQuotes')) {
      return parseLenient(input, delimiter, newline, ignoreLastRow);
    }
    // MissingQuotes: `index` is just past the opening quote.
    const missing = errors.find((e) => e.code === 'MissingQuotes');
    return {
      records: result.data,
      cursor: input.length,
      malformed: NONE,
      unclosedQuoteAt: missing ? missing.index - 1 : -1,
    };
  };
}

/**
 * RFC 4180 with Excel's leniency, same contract as papaparse's `Parser`:
 * a quote only opens a cell at its start; `""` inside is a quote; after the
 * closing quote, spaces before the delimiter are dropped and any other text
 * is appended to the cell (reported as malformed). The input's end counts as
 * the end of the last record unless `ignoreLastRow`.
 */
export function parseLenient(
  input: string,
  delimiter: string,
  newline: Newline,
  ignoreLastRow: boolean,
): ChunkResult {
  const records: string[][] = [];
  const malformed: number[] = [];
  const n = input.length;
  if (n === 0) return { records, cursor: 0, malformed, unclosedQuoteAt: -1 };
  let pos = 0;
  let lastComplete = 0;
  let row: string[] = [];
  let bad = false;
  let nextDelim = input.indexOf(delimiter);
  let nextNewline = input.indexOf(newline);
  const incomplete = (): ChunkResult => ({
    records,
    cursor: lastComplete,
    malformed,
    unclosedQuoteAt: -1,
  });

  for (;;) {
    let value: string;
    let from = pos; // where to look for the field's end
    if (input.charCodeAt(pos) === QUOTE) {
      value = '';
      let p = pos + 1;
      let closed = false;
      for (;;) {
        const q = input.indexOf('"', p);
        if (q === -1) break;
        if (input.charCodeAt(q + 1) === QUOTE) {
          value += input.slice(p, q + 1);
          p = q + 2;
          continue;
        }
        value += input.slice(p, q);
        p = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        if (ignoreLastRow) return incomplete();
        row.push(value + input.slice(p));
        records.push(row);
        return { records, cursor: n, malformed, unclosedQuoteAt: pos };
      }
      from = p;
    } else {
      value = '';
    }
    if (nextDelim !== -1 && nextDelim < from) nextDelim = input.indexOf(delimiter, from);
    if (nextNewline !== -1 && nextNewline < from) nextNewline = input.indexOf(newline, from);
    const end =
      nextDelim !== -1 && (nextDelim < nextNewline || nextNewline === -1)
        ? nextDelim
        : nextNewline !== -1
          ? nextNewline
          : n;
    if (from === pos) {
      value = input.slice(pos, end);
    } else if (end > from) {
      const tail = input.slice(from, end);
      if (tail.trim() !== '') {
        value += tail;
        bad = true;
      }
    }
    row.push(value);
    pos = end;

    if (pos >= n) {
      if (ignoreLastRow) return incomplete();
      records.push(row);
      if (bad) malformed.push(records.length - 1);
      return { records, cursor: n, malformed, unclosedQuoteAt: -1 };
    }
    if (pos === nextDelim) {
      pos += delimiter.length;
      continue;
    }
    pos += newline.length;
    records.push(row);
    if (bad) malformed.push(records.length - 1);
    row = [];
    bad = false;
    lastComplete = pos;
    if (pos >= n && ignoreLastRow) return incomplete();
  }
}
