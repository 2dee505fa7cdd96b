/**
 * Turns decoded text, pushed piece by piece, into records with the 1-based
 * source line each starts on. Synchronous and pure; `parse-records.ts` drives
 * it from a byte stream.
 *
 * Hot path (performance-facts.md): one papaparse call per piece of text
 * (record-stream.ts sizes them), records stay the `string[]` papaparse made,
 * and line numbers come from counting line breaks per piece (line-numbers.ts):
 * cells are scanned only when some hold line breaks and the file is not CRLF.
 *
 * Rows are never silently lost: a ragged row is padded or cut and reported,
 * a quote that never closes drops only its own line (reading resumes on the
 * next one), NUL bytes are stripped and reported.
 *
 * Every cell, header included, comes out without the formula guard our CSV
 * writer adds (`'-5% churn` → `-5% churn`; `'Tis` stays): our files read
 * back exactly (docs/decisions/003-formula-safe-csv.md).
 */
import { unguardFormula } from '../csv/formula-safety';
import { createChunkParser } from './csv-chunk';
import type { ChunkParser, Newline } from './csv-chunk';
import { stripNuls } from './file-checks';
import { breaksInRecord, countLineBreaks, crlfLines } from './line-numbers';
import type { LineBreak } from './line-numbers';
import { importError } from './import-error';
import { nameHeaderCells } from './header-cells';
import { newlineFor, normaliseLineBreaks } from './sniff-dialect';
import type { Dialect } from './sniff-dialect';
import type { ParseProblem } from './parse-problem';
import {
  headerProblems,
  invalidBytesProblem,
  malformedQuoteProblem,
  nulProblem,
  raggedProblem,
  unclosedQuoteProblem,
} from './parse-problem';

/** Records parsed from one push, in file order, plus what went wrong. */
export interface RecordBatch {
  records: string[][];
  /** 1-based source line where each record starts (same index as `records`). */
  lines: number[];
  problems: ParseProblem[];
}

export interface RecordParserOptions {
  dialect: Pick<Dialect, 'delimiter' | 'lineEnding' | 'headerRow'>;
  /**
   * A record still open after this many characters is taken to be an
   * unclosed quote. Excel caps a cell at 32,767 characters, so 1 Mi is
   * generous for 30 columns.
   */
  maxRecordChars?: number;
}

/**
 * Removes the formula guard our CSV writer puts on a cell (decision 003): a
 * leading `'` before something formula-like. One comparison per cell unless
 * it starts with an apostrophe (1M rows × 30 cells: ~0.2 s measured alone,
 * lost in the noise of a whole parse).
 */
function unguardRecord(record: string[]): void {
  for (let j = 0; j < record.length; j++) {
    const cell = record[j]!;
    if (cell.charCodeAt(0) === APOSTROPHE) record[j] = unguardFormula(cell);
  }
}

const APOSTROPHE = 0x27;

/** What the caller knows about the bytes behind a piece of text. */
export interface PushFlags {
  /** The bytes held a 0 (or the encoding is UTF-16): look for NULs in the text. */
  mayHaveNul?: boolean;
  /** The decoder met invalid bytes: report the lines holding U+FFFD. */
  invalidBytes?: boolean;
}

const NO_FLAGS: PushFlags = {};

const DEFAULT_MAX_RECORD_CHARS = 1 << 20;
/** A line this long (no quote involved) means the file is not a CSV export. */
const HARD_MAX_RECORD_CHARS = 16 << 20;

/** One file's parse state: push text in order, then `finish()`. */
export class RecordParser {
  /** Column names once the header row has been read (unique, never blank). */
  header: string[] | null = null;
  headerLine = 0;
  /** Records after the header, so far. */
  recordCount = 0;

  private readonly parse: ChunkParser;
  private readonly newline: Newline;
  private readonly lineBreak: LineBreak;
  private readonly mixed: boolean;
  private readonly headerRow: number;
  private readonly maxRecordChars: number;
  private width = 0;
  /** Text after the last complete record. */
  private pending = '';
  /** Mixed line endings: a CR at the end of a piece may be half of a CRLF. */
  private carryCr = false;
  /** Line where `pending` starts. */
  private nextLine = 1;
  /** Records seen so far, blank and preamble ones included (for `headerRow`). */
  private rawIndex = 0;
  private finished = false;

  constructor(options: RecordParserOptions) {
    const { delimiter, lineEnding, headerRow } = options.dialect;
    this.newline = newlineFor(lineEnding);
    this.lineBreak = this.newline === '\r' ? '\r' : '\n';
    this.mixed = lineEnding === 'mixed';
    this.headerRow = headerRow;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.parse = createChunkParser(delimiter, this.newline);
  }

  /** Parses every complete record in `pending + text`. */
  push(text: string, flags: PushFlags = NO_FLAGS): RecordBatch {
    const out: RecordBatch = { records: [], lines: [], problems: [] };
    const prepared = this.prepare(text, flags, out);
    this.consume(this.pending + prepared, false, out);
    return out;
  }

  /** Parses the last record; throws when the file never reached its header. */
  finish(): RecordBatch {
    const out: RecordBatch = { records: [], lines: [], problems: [] };
    if (!this.finished) {
      this.finished = true;
      const tail = this.carryCr ? '\n' : '';
      this.carryCr = false;
      this.consume(this.pending + tail, true, out);
    }
    if (this.header === null) {
      throw importError(this.rawIndex > 0 && this.headerRow > 0 ? 'no-header' : 'empty');
    }
    return out;
  }

  /** Mixed line endings to LF, NULs out, bad bytes located. Returns the new text. */
  private prepare(text: string, flags: PushFlags, out: RecordBatch): string {
    if (this.mixed) {
      if (this.carryCr) text = `\r${text}`;
      this.carryCr = text.endsWith('\r');
      if (this.carryCr) text = text.slice(0, -1);
      text = normaliseLineBreaks(text);
    }
    const hasNul = flags.mayHaveNul === true && text.indexOf('\0') !== -1;
    const invalidBytes = flags.invalidBytes === true && text.indexOf('\ufffd') !== -1;
    if (!hasNul && !invalidBytes) return text;
    const firstLine = this.nextLine + countLineBreaks(this.pending, this.lineBreak);
    if (hasNul) {
      const stripped = stripNuls(text, firstLine, this.lineBreak);
      text = stripped.text;
      for (const line of stripped.lines) {
        out.problems.push(nulProblem(line));
      }
    }
    if (invalidBytes) {
      let line = firstLine;
      let from = 0;
      let bad = text.indexOf('\ufffd');
      let last = 0;
      while (bad !== -1) {
        line += countLineBreaks(text, this.lineBreak, from, bad);
        if (line !== last) out.problems.push(invalidBytesProblem(line));
        last = line;
        from = bad;
        bad = text.indexOf('\ufffd', bad + 1);
      }
    }
    return text;
  }

  private consume(input: string, final: boolean, out: RecordBatch): void {
    for (;;) {
      const complete = this.parse(input, true);
      if (complete.records.length > 0) {
        this.emit(complete.records, complete.malformed, input, complete.cursor, true, out);
      }
      const rest = complete.cursor === 0 ? input : input.slice(complete.cursor);
      if (rest.length === 0 || (!final && rest.length <= this.maxRecordChars)) {
        this.pending = rest;
        return;
      }
      // The last record of the file, or one that has grown suspiciously long.
      const last = this.parse(rest, false);
      if (last.unclosedQuoteAt === -1) {
        if (final) {
          this.emit(last.records, last.malformed, rest, rest.length, false, out);
          this.pending = '';
          return;
        }
        if (rest.length > HARD_MAX_RECORD_CHARS) {
          throw importError('record-too-long', this.nextLine);
        }
        this.pending = rest;
        return;
      }
      input = this.skipUnclosedQuote(rest, last.unclosedQuoteAt, out);
      if (input.length === 0) {
        this.pending = '';
        return;
      }
    }
  }

  /** Drops the record from its start to the end of the quote's line; returns the text after. */
  private skipUnclosedQuote(rest: string, quoteAt: number, out: RecordBatch): string {
    const quoteLine = this.nextLine + countLineBreaks(rest, this.lineBreak, 0, quoteAt);
    if (this.header === null) throw importError('unclosed-quote', quoteLine);
    out.problems.push(unclosedQuoteProblem(quoteLine));
    this.rawIndex++;
    this.nextLine = quoteLine + 1;
    const lineEnd = rest.indexOf(this.newline, quoteAt);
    return lineEnd === -1 ? '' : rest.slice(lineEnd + this.newline.length);
  }

  /**
   * Adds records to `out` with their lines. `end` is where the records end
   * in `input`; `terminated` is false only for the file's last record.
   */
  private emit(
    records: string[][],
    malformed: readonly number[],
    input: string,
    end: number,
    terminated: boolean,
    out: RecordBatch,
  ): void {
    const n = records.length;
    const before = out.records.length;
    const expected = terminated ? n : n - 1;
    // Each record ends with one line break (but the file's last one); any
    // more are inside cells. CRLF files (Excel writes LF inside cells) place
    // records by their CRLFs, in the same pass that counts the breaks;
    // other files scan cells, and only until every inner break is found.
    let breaks: number;
    let starts: number[] | null = null;
    if (this.newline === '\r\n') {
      const crlf = crlfLines(input, end, this.nextLine);
      breaks = crlf.breaks;
      if (crlf.starts.length - 1 === expected) starts = crlf.starts;
    } else {
      breaks = countLineBreaks(input, this.lineBreak, 0, end);
    }
    let inside = breaks - expected;
    let nextMalformed = malformed.length > 0 ? malformed[0]! : -1;
    let m = 0;
    let line = this.nextLine;
    for (let i = 0; i < n; i++) {
      const record = records[i]!;
      let start = line;
      if (starts) {
        start = starts[i]!;
      } else {
        line++;
        if (inside > 0) {
          const found = breaksInRecord(record, this.lineBreak);
          line += found;
          inside -= found;
        }
      }
      const index = this.rawIndex++;
      if (i === nextMalformed) {
        out.problems.push(malformedQuoteProblem(start));
        nextMalformed = ++m < malformed.length ? malformed[m]! : -1;
      }
      if (record.length === 1 && (record[0] === '' || record[0]!.trim() === '')) continue;
      unguardRecord(record);
      if (this.header === null) {
        if (index >= this.headerRow) this.setHeader(record, start, out);
        continue;
      }
      if (record.length !== this.width) this.fitWidth(record, start, out);
      out.records.push(record);
      out.lines.push(start);
    }
    this.recordCount += out.records.length - before;
    this.nextLine += breaks + (terminated ? 0 : 1);
  }

  private setHeader(record: string[], line: number, out: RecordBatch): void {
    const named = nameHeaderCells(record);
    this.header = named.names;
    this.width = named.names.length;
    this.headerLine = line;
    out.problems.push(...headerProblems(line, named));
  }

  /** Pads a short record, cuts a long one; reports unless only empty cells were cut. */
  private fitWidth(record: string[], line: number, out: RecordBatch): void {
    const got = record.length;
    const width = this.width;
    if (got > width) {
      let lost = false;
      for (let i = width; i < got; i++) if (record[i] !== '') lost = true;
      record.length = width;
      if (lost) out.problems.push(raggedProblem(line, got, width));
      return;
    }
    for (let i = got; i < width; i++) record.push('');
    out.problems.push(raggedProblem(line, got, width));
  }
}
