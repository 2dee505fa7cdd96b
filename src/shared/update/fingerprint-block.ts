/**
 * A list fingerprint block (list-fingerprint.ts) as bytes, for its file:
 *
 *   u32 rows · u32 email bytes · u32 key bytes · u32 0
 *   lines Float64[rows] · sources Uint32[rows] · flags Uint8[rows] ·
 *   emailStarts Uint32[rows + 1] · emails · keyStarts Uint32[rows + 1] · keys ·
 *   lanes Uint32[rows × fields × 2]
 *
 * little-endian, each part padded to 8 bytes, so a block read into an
 * 8-byte-aligned buffer is decoded as typed-array views, without copying.
 */
import type { FingerprintBlock } from './list-fingerprint';

export const BLOCK_HEAD_BYTES = 16;

const pad8 = (n: number) => n + ((8 - (n % 8)) % 8);

/** Sizes of a block's parts, from its head. */
function layout(rows: number, emailBytes: number, keyBytes: number, width: number): number[] {
  return [
    BLOCK_HEAD_BYTES,
    pad8(8 * rows),
    pad8(4 * rows),
    pad8(rows),
    pad8(4 * (rows + 1)),
    pad8(emailBytes),
    pad8(4 * (rows + 1)),
    pad8(keyBytes),
    pad8(4 * rows * width),
  ];
}

/** The whole block's length, from its first 16 bytes (`width` = fields × 2). */
export function blockLength(head: Uint8Array, width: number): number {
  const view = new DataView(head.buffer, head.byteOffset, BLOCK_HEAD_BYTES);
  const parts = layout(
    view.getUint32(0, true),
    view.getUint32(4, true),
    view.getUint32(8, true),
    width,
  );
  return parts.reduce((sum, n) => sum + n, 0);
}

/** The block's bytes, as parts to write one after the other. */
export function encodeBlock(block: FingerprintBlock): Uint8Array[] {
  const head = new Uint8Array(BLOCK_HEAD_BYTES);
  const view = new DataView(head.buffer);
  view.setUint32(0, block.count, true);
  view.setUint32(4, block.emails.length, true);
  view.setUint32(8, block.keys.length, true);
  const parts = [
    head,
    bytesOf(block.lines),
    bytesOf(block.sources),
    block.flags,
    bytesOf(block.emailStarts),
    block.emails,
    bytesOf(block.keyStarts),
    block.keys,
    bytesOf(block.lanes),
  ];
  const out: Uint8Array[] = [];
  for (const part of parts) {
    out.push(part);
    const padding = pad8(part.length) - part.length;
    if (padding > 0) out.push(new Uint8Array(padding));
  }
  return out;
}

/**
 * Views on a block's bytes (which must start 8-byte aligned). Throws when
 * the parts do not fit together: a damaged file must never be diffed.
 */
export function decodeBlock(bytes: Uint8Array, first: number, width: number): FingerprintBlock {
  if (bytes.byteOffset % 8 !== 0) throw new Error('A fingerprint block must be 8-byte aligned.');
  if (bytes.length < BLOCK_HEAD_BYTES || blockLength(bytes, width) !== bytes.length) {
    throw damaged('a block has the wrong length');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEAD_BYTES);
  const rows = view.getUint32(0, true);
  const sizes = layout(rows, view.getUint32(4, true), view.getUint32(8, true), width);
  let at = bytes.byteOffset + BLOCK_HEAD_BYTES;
  const next = (k: number) => {
    const start = at;
    at += sizes[k]!;
    return start;
  };
  const { buffer } = bytes;
  const block: FingerprintBlock = {
    first,
    count: rows,
    lines: new Float64Array(buffer, next(1), rows),
    sources: new Uint32Array(buffer, next(2), rows),
    flags: new Uint8Array(buffer, next(3), rows),
    emailStarts: new Uint32Array(buffer, next(4), rows + 1),
    emails: new Uint8Array(buffer, next(5), view.getUint32(4, true)),
    keyStarts: new Uint32Array(buffer, next(6), rows + 1),
    keys: new Uint8Array(buffer, next(7), view.getUint32(8, true)),
    lanes: new Uint32Array(buffer, next(8), rows * width),
  };
  if (
    !startsFit(block.emailStarts, block.emails.length) ||
    !startsFit(block.keyStarts, block.keys.length)
  ) {
    throw damaged('its email index does not match its emails');
  }
  return block;
}

function startsFit(starts: Uint32Array, total: number): boolean {
  const n = starts.length - 1;
  if (starts[0] !== 0 || starts[n] !== total) return false;
  for (let i = 0; i < n; i++) if (starts[i + 1]! < starts[i]!) return false;
  return true;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function damaged(reason: string): Error {
  return new Error(`The list fingerprint is damaged: ${reason}.`);
}
