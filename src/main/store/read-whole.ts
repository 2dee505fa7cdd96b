import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const PIECE_BYTES = 32 << 20;

/**
 * Fills `into` from file offset `position`, in pieces of at most 32 MiB;
 * false when the file ends first.
 */
export async function fillFrom(
  handle: FileHandle,
  into: Uint8Array,
  position: number,
): Promise<boolean> {
  for (let at = 0; at < into.length;) {
    const length = Math.min(PIECE_BYTES, into.length - at);
    const { bytesRead } = await handle.read(into, at, length, position + at);
    if (bytesRead === 0) return false;
    at += bytesRead;
  }
  return true;
}

/**
 * A whole file in one Buffer, read in 32 MiB pieces. fs.readFile reads in
 * 512 KiB pieces, one thread-pool round trip each: for the snapshot and list
 * files (hundreds of MB) that is several times slower. The Buffer starts at
 * offset 0 of its own memory, so typed-array views on it are aligned.
 */
export async function readWhole(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(size);
    if (!(await fillFrom(handle, buffer, 0))) {
      throw new Error(`${path} ended before its ${size} bytes were read.`);
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
