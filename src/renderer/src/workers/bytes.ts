/**
 * Byte helpers for restoring a saved list from the pieces main sends.
 */

/** Joins pieces into one buffer (a fresh, 8-byte aligned ArrayBuffer). */
export function concatPieces(pieces: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const piece of pieces) total += piece.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

/**
 * The offsets part as Float64 values. main stores them little-endian
 * (src/shared/lists.ts), which is every platform Electron runs on.
 */
export function float64View(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) {
    throw new Error('The list file is damaged: its row index has a partial entry.');
  }
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
}
