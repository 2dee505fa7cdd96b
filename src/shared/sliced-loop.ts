/**
 * Runs a loop over up to millions of items in slices of about 40 ms, yielding
 * to the event loop between slices so the process stays responsive (IPC,
 * progress, cancel) while it runs.
 */
export interface SliceOptions {
  /** Checked between slices: an aborted signal rejects with its reason. */
  signal?: AbortSignal;
  /** Items done so far, after each slice and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Slice length (default 40 ms); tests use 0 to pause every 500 items. */
  sliceMs?: number;
}

const SLICE_MS = 40;
const ITEMS_PER_CHECK = 500;

export async function forEachSliced<T>(
  items: Iterable<T>,
  total: number,
  each: (item: T) => void,
  options: SliceOptions,
): Promise<void> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  options.signal?.throwIfAborted();
  let sliceStart = Date.now();
  let n = 0;
  for (const item of items) {
    each(item);
    // Date.now() every item would cost more than the slices save.
    if (++n % ITEMS_PER_CHECK === 0 && Date.now() - sliceStart >= sliceMs) {
      options.onProgress?.(n, total);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      options.signal?.throwIfAborted();
      sliceStart = Date.now();
    }
  }
  options.onProgress?.(total, total);
}

/** Indices 0 … n − 1, for forEachSliced over typed arrays. */
export function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
