/**
 * Guesses delimiter, line ending and header row from the first decoded text.
 *
 * Every guess comes with a confidence so the UI can show it and let the user
 * override it; files we wrote ourselves are re-read with explicit settings and
 * never sniffed (docs/decisions/004-import-pipeline.md).
 *
 * The header row skips preambles such as LinkedIn Connections' `Notes:` lines
 * and blank lines: preamble lines have far fewer cells than the table below.
 */
import { createChunkParser } from './csv-chunk';
import type { Newline } from './csv-chunk';

/** The delimiters the issue asks for: comma, semicolon (European Excel), tab, pipe. */
export type Delimiter = ',' | ';' | '\t' | '|';
/** 'mixed': several kinds outside quotes; read as any of them (normalised to LF). */
export type LineEnding = '\r\n' | '\n' | '\r' | 'mixed';

/** In order of preference when two explain the sample equally well. */
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export interface Dialect {
  delimiter: Delimiter;
  lineEnding: LineEnding;
  /**
   * 0-based index of the header among the file's records, counting blank
   * lines and preamble lines as records. Equals the 0-based line index unless
   * a preamble record spans lines.
   */
  headerRow: number;
  quoteChar: '"';
}

export interface DialectDetection extends Dialect {
  /** 0–1 per choice; 1 for explicit choices. */
  confidence: { delimiter: number; lineEnding: number; headerRow: number };
}

export interface SniffOptions {
  /** True when the sample is the whole file (its last line is complete). */
  complete: boolean;
  delimiter?: Delimiter;
  lineEnding?: LineEnding;
  headerRow?: number;
}

/** How many records of the sample are looked at. */
const MAX_SAMPLE_RECORDS = 500;

/** The newline papaparse splits on; mixed files are normalised to LF first. */
export function newlineFor(lineEnding: LineEnding): Newline {
  return lineEnding === 'mixed' ? '\n' : lineEnding;
}

/** CRLF and lone CR to LF: how a file with mixed line endings is read. */
export function normaliseLineBreaks(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Detects what `options` leaves open from the first decoded text (64 KiB is
 * plenty): papaparse splits the sample with each candidate delimiter, the
 * same way the real parse will, so the header row index matches it.
 */
export function sniffDialect(sample: string, options: SniffOptions): DialectDetection {
  const ending = options.lineEnding
    ? { lineEnding: options.lineEnding, confidence: 1 }
    : sniffLineEnding(sample, options.complete);
  const text = ending.lineEnding === 'mixed' ? normaliseLineBreaks(sample) : sample;
  const newline = newlineFor(ending.lineEnding);

  // Excel's `sep=;` hint line names the delimiter; the header follows it.
  const hint = /^sep=([,;\t|])[ \t]*(\r\n|\n|\r|$)/i.exec(text);
  const forced = options.delimiter ?? (hint?.[1] as Delimiter | undefined);
  const minHeaderRow = hint ? 1 : 0;

  let best: Candidate | null = null;
  let second = 0;
  for (const delimiter of forced ? [forced] : DELIMITERS) {
    const candidate = scoreDelimiter(text, delimiter, newline, options.complete, minHeaderRow);
    if (!best || candidate.score > best.score) {
      second = Math.max(second, best?.score ?? 0);
      best = candidate;
    } else {
      second = Math.max(second, candidate.score);
    }
  }
  const chosen = best!;
  const delimiterConfidence = forced
    ? 1
    : chosen.score === 0
      ? 0.3
      : round(chosen.consistency * (1 - (0.5 * second) / chosen.score));

  let headerRow = chosen.headerRow;
  let headerConfidence = chosen.headerConfidence;
  if (options.headerRow !== undefined) {
    headerRow = options.headerRow;
    headerConfidence = 1;
  }
  return {
    delimiter: chosen.delimiter,
    lineEnding: ending.lineEnding,
    headerRow,
    quoteChar: '"',
    confidence: {
      delimiter: delimiterConfidence,
      lineEnding: ending.confidence,
      headerRow: headerConfidence,
    },
  };
}

interface Candidate {
  delimiter: Delimiter;
  score: number;
  consistency: number;
  headerRow: number;
  headerConfidence: number;
}

/**
 * Scores a delimiter by how consistently it splits the sample's records into
 * the same number of cells (more than one), weighted towards wider tables.
 */
function scoreDelimiter(
  text: string,
  delimiter: Delimiter,
  newline: Newline,
  complete: boolean,
  minHeaderRow: number,
): Candidate {
  const parse = createChunkParser(delimiter, newline);
  const records = parse(text, !complete).records.slice(0, MAX_SAMPLE_RECORDS);
  const widths = records.map((r) => (r.length === 1 && r[0]!.trim() === '' ? 0 : r.length));
  const width = modalWidth(widths.slice(minHeaderRow));

  // The header: the first non-blank record at least half as wide as the table.
  const minWidth = Math.max(width >= 2 ? 2 : 1, Math.ceil(width / 2));
  let headerRow = widths.findIndex((w, i) => i >= minHeaderRow && w >= minWidth);
  if (headerRow === -1) headerRow = minHeaderRow;

  let agreeing = 0;
  let counted = 0;
  for (let i = headerRow; i < widths.length; i++) {
    if (widths[i] === 0) continue;
    counted++;
    if (widths[i] === width) agreeing++;
  }
  const consistency = counted === 0 ? 0 : agreeing / counted;
  const score = width >= 2 ? consistency * (1 - 1 / width) : 0;
  const header = records[headerRow];
  const headerConfidence = !header
    ? 0.2
    : header.length !== width
      ? 0.4
      : looksLikeNames(header)
        ? 0.9
        : 0.6;
  return { delimiter, score, consistency, headerRow, headerConfidence };
}

/** Most common non-zero width; ties go to the wider one. */
function modalWidth(widths: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 1;
  let bestCount = 0;
  for (const w of widths) {
    if (w === 0) continue;
    const c = (counts.get(w) ?? 0) + 1;
    counts.set(w, c);
    if (c > bestCount || (c === bestCount && w > best)) {
      best = w;
      bestCount = c;
    }
  }
  return best;
}

/** Column names: mostly filled in, not numbers or emails, no repeats. */
function looksLikeNames(cells: readonly string[]): boolean {
  const names = cells.map((c) => c.trim().toLowerCase());
  const filled = names.filter((c) => c !== '');
  if (filled.length < names.length * 0.8) return false;
  if (new Set(filled).size !== filled.length) return false;
  return filled.every((c) => !/^[-+]?[\d.,\s]+$/.test(c) && !c.includes('@') && c.length <= 100);
}

/** Counts line breaks outside quotes; several kinds means 'mixed'. */
function sniffLineEnding(
  text: string,
  complete: boolean,
): { lineEnding: LineEnding; confidence: number } {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 10) lf++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else if (i + 1 < text.length || complete) cr++;
    }
  }
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const total = crlf + lf + cr;
  if (kinds > 1) return { lineEnding: 'mixed', confidence: 0.8 };
  const confidence = total >= 2 ? 1 : total === 1 ? 0.7 : 0.5;
  if (crlf > 0) return { lineEnding: '\r\n', confidence };
  if (cr > 0) return { lineEnding: '\r', confidence };
  return { lineEnding: '\n', confidence };
}

function round(value: number): number {
  return Math.round(Math.max(0.05, Math.min(1, value)) * 100) / 100;
}
