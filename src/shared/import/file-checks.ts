/**
 * Refuses inputs that are not CSV text before anything is parsed, with a
 * message that says what to do (save the workbook as CSV, pick another file).
 *
 * NUL bytes inside an otherwise-text file are stripped and reported per line
 * rather than refused: exports from databases and some CRMs pad cells with
 * NULs, the rest of the row is fine, and no cell may contain NUL anyway (the
 * RowStore uses it as its cell separator). A file where control characters
 * are common is not text at all and is refused as 'binary'.
 */
import { importError } from './import-error';
import type { ImportErrorCode } from './import-error';
import { countLineBreaks } from './line-numbers';
import type { LineBreak } from './line-numbers';

/** Magic numbers of containers people pick by mistake. */
const SIGNATURES: readonly { bytes: readonly number[]; code: ImportErrorCode }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], code: 'xlsx' }, // ZIP: .xlsx, .numbers, .ods
  { bytes: [0x50, 0x4b, 0x05, 0x06], code: 'xlsx' }, // empty ZIP
  { bytes: [0x50, 0x4b, 0x07, 0x08], code: 'xlsx' }, // spanned ZIP
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], code: 'xls' }, // OLE2
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], code: 'pdf' }, // %PDF-
  { bytes: [0x1f, 0x8b], code: 'binary' }, // gzip
  { bytes: [0x89, 0x50, 0x4e, 0x47], code: 'binary' }, // PNG
  { bytes: [0xff, 0xd8, 0xff], code: 'binary' }, // JPEG
  { bytes: [0x47, 0x49, 0x46, 0x38], code: 'binary' }, // GIF8
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], code: 'binary' }, // 7z
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], code: 'binary' }, // Rar!
];

/**
 * Checks the raw first bytes: empty, BOM-only, workbook, PDF, archive, image.
 * `bomLength` is the byte order mark already detected at the start.
 */
export function checkFileStart(prefix: Uint8Array, bomLength: number, complete: boolean): void {
  if (complete && prefix.length <= bomLength) throw importError('empty');
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((b, i) => prefix[i] === b)) throw importError(signature.code);
  }
}

/** Share of control characters above which a decoded prefix is not text. */
const MAX_CONTROL_SHARE = 0.02;
const SAMPLE_CHARS = 65_536;

/**
 * Checks the first decoded text (BOM already stripped): blank, a web page or
 * an Excel 2003 XML workbook saved as .xls, or binary bytes.
 */
export function checkDecodedStart(text: string, complete: boolean): void {
  if (complete && text.trim() === '') throw importError('empty');
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<table')) {
    throw importError('html');
  }
  if (head.startsWith('<?xml') && head.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    throw importError('xls');
  }
  const sample = Math.min(text.length, SAMPLE_CHARS);
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) control++;
  }
  if (control >= 8 && control > sample * MAX_CONTROL_SHARE) throw importError('binary');
}

/** Text without NULs, and the 1-based lines where NULs were. */
export interface NulStripResult {
  text: string;
  lines: number[];
}

/**
 * Removes NUL characters. `firstLine` is the line `text` starts on; lines
 * are counted with `lineBreak` as the parser does. Callers check for NULs
 * first (on the raw bytes: much faster than on text): this is the rare path.
 */
export function stripNuls(text: string, firstLine: number, lineBreak: LineBreak): NulStripResult {
  const lines: number[] = [];
  let line = firstLine;
  let from = 0;
  let nul = text.indexOf('\0');
  while (nul !== -1) {
    line += countLineBreaks(text, lineBreak, from, nul);
    if (lines[lines.length - 1] !== line) lines.push(line);
    from = nul;
    nul = text.indexOf('\0', nul + 1);
  }
  return { text: text.replaceAll('\0', ''), lines };
}
