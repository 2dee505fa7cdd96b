/**
 * One streaming decoder for a whole file.
 *
 * Decoding each chunk on its own turns characters split across chunk
 * boundaries into U+FFFD (papaparse does this with byte chunks:
 * performance-facts.md), so every chunk goes through the same `TextDecoder`
 * with `stream: true`.
 *
 * Windows-1252 needs a fix-up: since Node 20.18.3 `TextDecoder('windows-1252')`
 * decodes as Latin-1, so bytes 0x80–0x9F (€ ‚ „ … ‘ ’ “ ” – — ™ Š Œ Ž š œ ž Ÿ)
 * come out as C1 control characters (nodejs/node#60888; browsers are right).
 * We map them per the WHATWG index; in browsers the mapping is a no-op.
 */
import type { TextEncodingName } from './detect-encoding';

export interface StreamDecoder {
  readonly encoding: TextEncodingName;
  /** Decodes the next chunk; bytes of a character cut at its end are kept for the next call. */
  decode(bytes: Uint8Array): string;
  /** Ends the stream: a dangling partial character becomes U+FFFD. */
  flush(): string;
}

/**
 * Creates the decoder. The caller strips the byte order mark itself (by
 * bytes), so `ignoreBOM` keeps the decoder from eating a second one or
 * mis-handling a BOM of another encoding the user overrode.
 */
export function createStreamDecoder(encoding: TextEncodingName): StreamDecoder {
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  const fix = encoding === 'windows-1252' ? fixWindows1252 : (text: string) => text;
  return {
    encoding,
    decode: (bytes) => fix(decoder.decode(bytes, { stream: true })),
    flush: () => fix(decoder.decode()),
  };
}

/** WHATWG index-windows-1252 for bytes 0x80–0x9F (the rest equal Latin-1). */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((code) => String.fromCharCode(code));

const C1_CONTROLS = /[\u0080-\u009f]/g;

function fixWindows1252(text: string): string {
  C1_CONTROLS.lastIndex = 0;
  if (!C1_CONTROLS.test(text)) return text;
  return text.replace(C1_CONTROLS, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}
