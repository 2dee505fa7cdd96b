import { createReadStream } from 'node:fs';

/** One `\n`-separated line of a file, without its newline. */
export interface FileLine {
  /** 1-based. */
  number: number;
  bytes: Buffer;
  /** False only for a last line with no newline after it. */
  terminated: boolean;
}

/**
 * Streams a file's lines as raw bytes, so a backup of any size is read in
 * constant memory. `onChunk` sees every byte read, in order (for checksums);
 * callers that need a checksum must consume the whole generator. Splitting on
 * the byte 0x0A is safe for UTF-8: it never occurs inside a multi-byte character.
 */
export async function* fileLines(
  path: string,
  onChunk?: (chunk: Buffer) => void,
): AsyncGenerator<FileLine> {
  let pending: Buffer[] = [];
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    onChunk?.(buffer);
    let start = 0;
    let newline = buffer.indexOf(0x0a, start);
    while (newline !== -1) {
      const piece = buffer.subarray(start, newline);
      const bytes = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      yield { number: ++number, bytes, terminated: true };
      start = newline + 1;
      newline = buffer.indexOf(0x0a, start);
    }
    if (start < buffer.length) pending.push(buffer.subarray(start));
  }
  if (pending.length > 0) {
    yield { number: ++number, bytes: Buffer.concat(pending), terminated: false };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one JSONL line as a JSON object (not an array, not a scalar); null
 * when the bytes are not UTF-8, not JSON, or not an object.
 */
export function parseObjectLine(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
