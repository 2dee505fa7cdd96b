/** Builds test inputs byte by byte: the encoders the tests need and Node lacks (UTF-16BE). */

const utf8 = new TextEncoder();

/** UTF-8 bytes, optionally with a BOM. */
export function utf8Bytes(text: string, bom = false): Uint8Array {
  const body = utf8.encode(text);
  return bom ? concatBytes([new Uint8Array([0xef, 0xbb, 0xbf]), body]) : body;
}

/** UTF-16 code units in the given byte order, optionally with a BOM. */
export function utf16Bytes(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const units = (bom ? '\ufeff' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    const [first, second] = order === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 * i] = first;
    bytes[2 * i + 1] = second;
  }
  return bytes;
}

/** ASCII text and raw byte values mixed, e.g. latin(['Caf', 0xe9]). */
export function latinBytes(parts: readonly (string | number)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') out.push(part);
    else for (const c of part) out.push(c.charCodeAt(0));
  }
  return new Uint8Array(out);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
