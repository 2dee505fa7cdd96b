/**
 * Looks at the start of a file: is it a spreadsheet at all, which encoding,
 * delimiter, line ending and header row. Everything found here is shown to the
 * user and can be overridden; our own files skip it (explicit settings).
 */
import Papa from 'papaparse';
import { importError } from './import-error';
import type { Delimiter, LineEnding, TextEncodingName } from './session-types';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Refuses files that are not text before anything is parsed. */
export function checkFileKind(prefix: Uint8Array, encoding: TextEncodingName): void {
  const bomOnly =
    (prefix.length === 3 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) ||
    (prefix.length === 2 &&
      ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff)));
  if (prefix.length === 0 || bomOnly) throw importError('empty');
  if (startsWith(prefix, [0x50, 0x4b, 0x03, 0x04])) throw importError('xlsx');
  if (startsWith(prefix, [0xd0, 0xcf, 0x11, 0xe0])) throw importError('xls');
  if (startsWith(prefix, [0x25, 0x50, 0x44, 0x46])) throw importError('pdf');
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return;
  // Text has few control bytes besides tab, CR and LF; binaries have many.
  let control = 0;
  const sample = Math.min(prefix.length, 65536);
  for (let i = 0; i < sample; i++) {
    const b = prefix[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (control > 8 && control / sample > 0.02) throw importError('binary');
}

/** BOM first; then UTF-8 if the bytes are valid UTF-8; else Windows-1252. */
export function detectEncoding(
  prefix: Uint8Array,
  complete: boolean,
): { encoding: TextEncodingName; bom: boolean } {
  if (startsWith(prefix, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bom: true };
  if (startsWith(prefix, [0xff, 0xfe])) return { encoding: 'utf-16le', bom: true };
  if (startsWith(prefix, [0xfe, 0xff])) return { encoding: 'utf-16be', bom: true };
  const end = complete ? prefix.length : completeUtf8Length(prefix);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix.subarray(0, end));
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

/** Length of the prefix without a multi-byte sequence cut at its end. */
function completeUtf8Length(bytes: Uint8Array): number {
  let i = bytes.length;
  for (let back = 0; back < 4 && i > 0; back++) {
    const b = bytes[i - 1]!;
    if ((b & 0xc0) === 0x80) {
      i--;
      continue;
    }
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return bytes.length - (i - 1) >= need ? bytes.length : i - 1;
    }
    return bytes.length;
  }
  return bytes.length;
}

export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let quoted = false; // line breaks inside quoted cells are data, not record ends
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else if (i + 1 < text.length) cr++;
    } else if (c === 10) lf++;
  }
  const kinds = [crlf > 0, lf > 0, cr > 0].filter(Boolean).length;
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? '\r\n' : cr > 0 ? '\r' : '\n';
}

/** Records of a text sample (last, possibly cut, record dropped unless complete). */
export function sampleRecords(
  text: string,
  delimiter: Delimiter,
  newline: '\n' | '\r' | '\r\n',
  complete: boolean,
): string[][] {
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  return (parser.parse(text, 0, !complete).data as string[][]).slice(0, 200);
}

/**
 * The delimiter whose records have the most consistent field count (> 1),
 * and the header: the first record with that count (preambles such as
 * LinkedIn's "Notes:" lines have fewer fields).
 */
export function sniffDialect(
  records: (d: Delimiter) => string[][],
  forced: { delimiter?: Delimiter; headerRow?: number },
): { delimiter: Delimiter; headerRow: number } {
  let best: { delimiter: Delimiter; score: number; width: number } = {
    delimiter: ',',
    score: -1,
    width: 1,
  };
  for (const delimiter of forced.delimiter ? [forced.delimiter] : DELIMITERS) {
    const widths = records(delimiter)
      .filter((r) => !(r.length === 1 && r[0] === ''))
      .map((r) => r.length);
    const width = mode(widths);
    const agreeing = widths.filter((w) => w === width).length;
    const score = width > 1 ? agreeing * Math.min(width, 50) : 0;
    if (score > best.score) best = { delimiter, score, width };
  }
  if (forced.headerRow !== undefined)
    return { delimiter: best.delimiter, headerRow: forced.headerRow };
  const sample = records(best.delimiter);
  const headerRow = sample.findIndex(
    (r) => r.length === best.width && r.some((c) => c.trim() !== ''),
  );
  return { delimiter: best.delimiter, headerRow: Math.max(0, headerRow) };
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  let best = 1;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount || (c === bestCount && v > best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
