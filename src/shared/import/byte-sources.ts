/**
 * Byte sources the import reads from, as one `AsyncIterable<Uint8Array>`,
 * and a reader over it that honours an `AbortSignal`.
 *
 * Structural types rather than the DOM's `Blob`/`ReadableStream`, so this
 * pure module type-checks for both the renderer (DOM lib) and Node: a
 * browser `File`, `File.stream()`, a Node `fs.createReadStream` (an async
 * iterable of Buffers, which are Uint8Arrays) and `fs.openAsBlob` all fit.
 */
import { ImportError, cancelledError, importError } from './import-error';
import { raceAbort } from '../race-abort';

/** A browser `File`/`Blob` or Node's `fs.openAsBlob()`. */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** A WHATWG stream such as `File.stream()`. */
export interface ReadableStreamLike {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** Anything `parseFileLike` reads; a `File` itself reads fastest (4 MiB slices). */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStreamLike | BlobLike;

/** Slices read from a Blob/File: big enough for a fast decode and parse (1–10 MiB). */
export const BLOB_SLICE_BYTES = 4 << 20;

/** Any supported source as an async iterable of byte chunks. */
export function byteChunks(source: ByteSource): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in source) return source;
  if ('getReader' in source) return streamChunks(source);
  return blobChunks(source);
}

async function* streamChunks(stream: ReadableStreamLike): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const result = await reader.read();
      if (result.done) {
        done = true;
        return;
      }
      if (result.value) yield result.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** Reads the next slice while the current one is being parsed. */
async function* blobChunks(blob: BlobLike): AsyncGenerator<Uint8Array> {
  const read = (start: number) =>
    blob.slice(start, Math.min(blob.size, start + BLOB_SLICE_BYTES)).arrayBuffer();
  let start = 0;
  let next = blob.size > 0 ? read(0) : null;
  while (next) {
    const current = next;
    start += BLOB_SLICE_BYTES;
    next = start < blob.size ? read(start) : null;
    // An abandoned prefetch must not become an unhandled rejection.
    next?.catch(() => undefined);
    yield new Uint8Array(await current);
  }
}

/** Small inputs and tests: the bytes in chunks of `chunkBytes`. */
export async function* chunksOf(bytes: Uint8Array, chunkBytes: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
}

/**
 * Pulls chunks one at a time; a pending read loses the race against an
 * abort, and aborting closes the source at once (a Node stream is destroyed).
 */
export class ChunkReader {
  /** Bytes read so far. */
  bytes = 0;
  private readonly iterator: AsyncIterator<Uint8Array>;
  private closed = false;
  private readonly onAbort = () => this.close();

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly signal?: AbortSignal,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next non-empty chunk, or null at the end. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      this.throwIfAborted();
      if (this.closed) return null;
      let result: IteratorResult<Uint8Array>;
      try {
        const pending = this.iterator.next();
        result = await (this.signal ? raceAbort(pending, this.signal, cancelledError) : pending);
      } catch (error) {
        if (error instanceof ImportError) throw error;
        throw importError('read-failed', undefined, { cause: error });
      }
      if (result.done) {
        this.detach();
        this.closed = true;
        return null;
      }
      const value: unknown = result.value;
      if (!(value instanceof Uint8Array)) {
        throw importError('read-failed', undefined, {
          cause: new TypeError('The source gave something other than bytes.'),
        });
      }
      if (value.length === 0) continue;
      this.bytes += value.length;
      return value;
    }
  }

  throwIfAborted(): void {
    if (this.signal?.aborted) throw cancelledError();
  }

  /** Stops reading and releases the source; safe to call more than once. */
  close(): void {
    this.detach();
    if (this.closed) return;
    this.closed = true;
    void Promise.resolve()
      .then(() => this.iterator.return?.())
      .catch(() => undefined);
  }

  private detach(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
