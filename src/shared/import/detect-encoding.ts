/**
 * Guesses a file's text encoding from its first bytes.
 *
 * Order (docs/decisions/004-import-pipeline.md): a byte order mark decides;
 * otherwise bytes that are valid UTF-8 are UTF-8; otherwise Windows-1252 (what
 * Excel on Windows writes for "CSV (Comma delimited)"). UTF-16 without a BOM
 * is recognised by its NUL bytes (every other byte of ASCII text is 0).
 * The result is shown to the user, who can override it.
 */
/** The encodings the importer reads (TextDecoder labels). */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How the encoding was chosen, so the UI can say how sure it is. */
export type EncodingReason =
  | 'bom'
  /** Valid UTF-8 with non-ASCII characters: almost certainly UTF-8. */
  | 'valid-utf8'
  /** Only ASCII so far: UTF-8 and Windows-1252 read it the same. */
  | 'ascii'
  /** Mostly valid UTF-8 with a few invalid bytes (shown as �). */
  | 'mostly-utf8'
  | 'invalid-utf8'
  | 'nul-pattern'
  | 'explicit';

export interface EncodingDetection {
  encoding: TextEncodingName;
  bom: boolean;
  /** Bytes of byte order mark at the start (0, 2 or 3). */
  bomLength: number;
  /** 0–1: 1 for a BOM or an explicit choice, lower for guesses. */
  confidence: number;
  reason: EncodingReason;
}

/** Counts from a UTF-8 validity scan. */
export interface Utf8Scan {
  /** Well-formed sequences of 2–4 bytes. */
  multiByte: number;
  /** Bytes that start no valid sequence (each counted once). */
  invalid: number;
}

/** The encoding of a file from its first bytes (1 MiB is plenty); see the module comment. */
export function detectEncoding(
  prefix: Uint8Array,
  /** True when `prefix` is the whole file, so a sequence cut at its end is invalid. */
  complete = false,
): EncodingDetection {
  const bom = bomOf(prefix);
  if (bom) return { ...bom, bom: true, confidence: 1, reason: 'bom' };

  const utf16 = utf16ByNulPattern(prefix);
  if (utf16) {
    return { encoding: utf16, bom: false, bomLength: 0, confidence: 0.8, reason: 'nul-pattern' };
  }

  const scan = scanUtf8(prefix, { atStart: true, atEnd: complete });
  const none = { bom: false, bomLength: 0 } as const;
  if (scan.invalid === 0) {
    return scan.multiByte > 0
      ? { encoding: 'utf-8', ...none, confidence: 0.99, reason: 'valid-utf8' }
      : { encoding: 'utf-8', ...none, confidence: 0.6, reason: 'ascii' };
  }
  // A UTF-8 file with a stray byte or two is still UTF-8 (the bad bytes are
  // reported per line); Windows-1252 text rarely forms valid sequences.
  if (scan.multiByte >= 4 * scan.invalid) {
    return { encoding: 'utf-8', ...none, confidence: 0.7, reason: 'mostly-utf8' };
  }
  return { encoding: 'windows-1252', ...none, confidence: 0.9, reason: 'invalid-utf8' };
}

/** The byte order mark at the start of `bytes`, if any. */
export function bomOf(bytes: Uint8Array): { encoding: TextEncodingName; bomLength: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

/**
 * Validates UTF-8 per the WHATWG decoder (no overlongs, surrogates or code
 * points above U+10FFFF). A sequence cut by the end of `bytes` is not counted
 * as invalid unless `atEnd`; continuation bytes at the very start are skipped
 * unless `atStart` (the chunk may begin inside a sequence).
 */
export function scanUtf8(
  bytes: Uint8Array,
  position: { atStart: boolean; atEnd: boolean },
): Utf8Scan {
  let multiByte = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  if (!position.atStart) {
    while (i < n && i < 3 && (bytes[i]! & 0xc0) === 0x80) i++;
  }
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const next = bytes[i + j]!;
      if (next < (j === 1 ? lower : 0x80) || next > (j === 1 ? upper : 0xbf)) break;
    }
    if (j > need) {
      multiByte++;
      i += need + 1;
    } else if (i + j >= n && !position.atEnd) {
      break; // cut by the end of this chunk, not invalid
    } else {
      invalid++;
      i += j; // resume at the byte that broke the sequence (WHATWG)
    }
  }
  return { multiByte, invalid };
}

/**
 * UTF-16 without a BOM: ASCII-heavy text has NUL as every other byte.
 * Needs a reasonable sample, so short inputs never match.
 */
function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(bytes.length >> 1, 32_768);
  if (pairs < 16) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}
