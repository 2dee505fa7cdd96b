/**
 * Runs loops over up to millions of items in slices of about 40 ms, yielding
 * to the event loop between slices so the process stays responsive (IPC,
 * progress, cancel) while they run.
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

/** Decides when a loop has run long enough and lets other work run. */
export class SliceTimer {
  private sliceStart = Date.now();
  private n = 0;
  private readonly sliceMs: number;

  constructor(
    private readonly options: SliceOptions,
    private readonly total: number,
  ) {
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    options.signal?.throwIfAborted();
  }

  /** Call once per item: true when the loop should `pause()`. */
  due(): boolean {
    // Date.now() every item would cost more than the slices save.
    return ++this.n % ITEMS_PER_CHECK === 0 && Date.now() - this.sliceStart >= this.sliceMs;
  }

  /** Reports progress, lets other work run, then throws if cancelled meanwhile. */
  async pause(done: number): Promise<void> {
    this.options.onProgress?.(done, this.total);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.options.signal?.throwIfAborted();
    this.sliceStart = Date.now();
  }

  /** The loop is over. */
  finish(): void {
    this.options.onProgress?.(this.total, this.total);
  }
}

export async function forEachSliced<T>(
  items: Iterable<T>,
  total: number,
  each: (item: T) => void,
  options: SliceOptions,
): Promise<void> {
  const timer = new SliceTimer(options, total);
  let n = 0;
  for (const item of items) {
    each(item);
    n++;
    if (timer.due()) await timer.pause(n);
  }
  timer.finish();
}
