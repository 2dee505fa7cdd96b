/**
 * A File as an async iterable of byte chunks, for ImportSession.start.
 *
 * Read as 4 MiB slices rather than `file.stream()`'s 64 KiB chunks: 1–10 MiB
 * chunks parse fastest, 16 KiB ones double the cost (notes/performance-facts.md).
 * Bytes are decoded by the session's one streaming TextDecoder, so a character
 * split across two slices is never corrupted.
 */
export const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Yields the file's bytes in order. Cancelling is the session's job (its
 * `signal` makes `done` reject with code 'cancelled'); it stops pulling.
 */
export async function* readFileInSlices(
  file: Blob,
  sliceBytes = SLICE_BYTES,
): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < file.size; offset += sliceBytes) {
    const buffer = await file.slice(offset, offset + sliceBytes).arrayBuffer();
    yield new Uint8Array(buffer);
  }
}
