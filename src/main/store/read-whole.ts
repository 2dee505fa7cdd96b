import { open } from 'node:fs/promises';

const PIECE_BYTES = 32 << 20;

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
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buffer, at, Math.min(PIECE_BYTES, size - at), at);
      if (bytesRead === 0) throw new Error(`${path} ended before its ${size} bytes were read.`);
      at += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
