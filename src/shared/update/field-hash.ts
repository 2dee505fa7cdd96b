/**
 * A 64-bit fingerprint of a field value as the diff compares it, so the
 * update preview can tell unchanged fields apart without decoding either
 * the list row or the snapshot record (a million rows each: decoding both
 * costs more than the whole diff budget).
 *
 * `canonicalValue(field, a) === canonicalValue(field, b)` exactly when
 * `sameValue(field, a, b)` (diff-row.ts), so equal fingerprints mean "no
 * change" and different ones "a change". Two values that differ share a
 * fingerprint with probability 2^-64 per comparison (two independent 32-bit
 * lanes): across a 1M × 30-field diff, about 1 in 10^12.
 *
 * The pair (0, 0) is never a value's fingerprint: lists use it for a blank
 * cell ("leave unchanged"), which is not the same as a value whose canonical
 * form is empty (a snippet that is only `<br/>`).
 */
import { isSnippetField, type ProspectField } from '../import/prospect-fields';
import { canonicalSnippet } from './diff-row';

/**
 * Saved fingerprints (snapshot files, list fingerprints) record this; ones
 * made with another version are computed again. Bump it whenever
 * canonicalValue() or the hash changes.
 */
export const FIELD_HASH_VERSION = 1;

/** What the diff compares of a value (see sameValue in diff-row.ts). */
export function canonicalValue(field: ProspectField, value: string): string {
  if (field === 'status') return value.trim().toUpperCase();
  if (!isSnippetField(field)) return value.trim();
  // canonicalSnippet allocates; most snippets are one line without tags.
  if (value.indexOf('<') === -1 && value.indexOf('\n') === -1 && value.indexOf('\r') === -1) {
    return value.trim();
  }
  return canonicalSnippet(value);
}

/** Writes the fingerprint of `value` into `out[at]` and `out[at + 1]`. */
export function writeFieldHash(
  field: ProspectField,
  value: string,
  out: Uint32Array,
  at: number,
): void {
  hashString(canonicalValue(field, value), out, at);
}

/** The same, for a value already in its canonicalValue() form. */
export function writeCanonicalHash(canonical: string, out: Uint32Array, at: number): void {
  hashString(canonical, out, at);
}

/** The fingerprint of the canonical form '' (a value that is empty once compared). */
export const EMPTY_HASH: Readonly<Uint32Array> = (() => {
  const out = new Uint32Array(2);
  hashString('', out, 0);
  return out;
})();

/**
 * Two 32-bit lanes over the UTF-16 units: FNV-1a and a multiply-rotate hash
 * with another constant, each finished with MurmurHash3's avalanche and the
 * length mixed in. Never (0, 0).
 */
function hashString(text: string, out: Uint32Array, at: number): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
  }
  a = avalanche(a ^ text.length);
  b = avalanche(b ^ Math.imul(text.length, 0x27d4eb2f));
  if (a === 0 && b === 0) a = 1;
  out[at] = a >>> 0;
  out[at + 1] = b >>> 0;
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Number of set bits of a 32-bit mask (finds a field's place in a sparse row). */
export function bitCount(mask: number): number {
  let v = mask - ((mask >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
