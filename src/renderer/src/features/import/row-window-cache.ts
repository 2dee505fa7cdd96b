/**
 * The grid's rows, fetched from the import worker in blocks around the
 * viewport and cached, so a million-row list costs the UI thread only the
 * rows on screen (notes/performance-facts.md: never move all rows).
 *
 * - Blocks of `blockSize` rows; at most `maxBlocks` kept (least recently used
 *   dropped), so memory stays flat however far the user scrolls.
 * - At most two requests in flight; when one returns, the next block wanted
 *   *now* is fetched, so fast scrolling skips the blocks scrolled past.
 * - `invalidate()` (data changed: rows arrived, an edit, a new mapping) keeps
 *   showing the old rows until fresh ones arrive; `reset()` (a new query)
 *   forgets them, since positions then mean other rows.
 */
import type { GridRow, GridWindow } from '../../../../shared/import/session-types';

interface Block {
  epoch: number;
  generation: number;
  rows: GridRow[];
}

const MAX_IN_FLIGHT = 2;

export class RowWindowCache<Q> {
  private readonly blocks = new Map<number, Block>();
  private readonly inFlight = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  /** Bumped by reset(): positions from an older epoch mean other rows. */
  private epoch = 0;
  /** Bumped by invalidate() and reset(): rows from an older generation are stale. */
  private generation = 0;
  private totalGeneration = -1;
  private wanted: [number, number] = [0, 0];
  private version = 0;
  total: number | null = null;
  error: string | null = null;

  constructor(
    private readonly fetchWindow: (query: Q, offset: number, limit: number) => Promise<GridWindow>,
    private query: Q,
    private queryKey: string,
    private readonly blockSize = 200,
    private readonly maxBlocks = 40,
  ) {}

  /** Shows another query (filter, search, sort): a reset unless the key is unchanged. */
  setQuery(query: Q, key: string): void {
    if (key === this.queryKey) return;
    this.query = query;
    this.queryKey = key;
    this.reset();
  }

  /** For useSyncExternalStore: changes whenever rows or the total change. */
  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The row shown at `position` in the current query, if fetched (maybe stale). */
  row(position: number): GridRow | undefined {
    const block = this.blocks.get(Math.floor(position / this.blockSize));
    if (!block || block.epoch !== this.epoch) return undefined;
    return block.rows[position % this.blockSize];
  }

  /** True when every row in the wanted range is fresh and nothing is in flight. */
  settled(): boolean {
    return this.inFlight.size === 0 && this.nextMissing() === undefined;
  }

  /** The rows [start, end) are on screen (with overscan): fetch what is missing. */
  ensure(start: number, end: number): void {
    this.wanted = [Math.max(0, start), Math.max(0, end)];
    this.pump();
  }

  /** The data changed: refetch what is on screen, showing the old rows meanwhile. */
  invalidate(): void {
    this.generation++;
    this.pump();
  }

  /** The query changed: forget every row. */
  reset(): void {
    this.epoch++;
    this.generation++;
    this.blocks.clear();
    this.total = null;
    this.notify();
    this.pump();
  }

  /** Shows an edited row at once, wherever it is cached. */
  replaceRow(row: GridRow): void {
    for (const block of this.blocks.values()) {
      const at = block.rows.findIndex((r) => r.index === row.index);
      if (at !== -1) block.rows[at] = row;
    }
    this.notify();
  }

  private nextMissing(): number | undefined {
    const [start, end] = this.wanted;
    const limit = this.total ?? Number.POSITIVE_INFINITY;
    const last = Math.min(end, limit);
    if (last <= start && this.total !== null) return undefined;
    const first = Math.floor(start / this.blockSize);
    const final = Math.max(first, Math.floor((Math.max(last, start + 1) - 1) / this.blockSize));
    for (let b = first; b <= final; b++) {
      const block = this.blocks.get(b);
      const fresh = block && block.epoch === this.epoch && block.generation === this.generation;
      if (!fresh && this.inFlight.get(b) !== this.generation) return b;
    }
    return undefined;
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT) {
      const block = this.nextMissing();
      if (block === undefined) break;
      this.fetch(block);
    }
  }

  private fetch(block: number): void {
    const { epoch, generation, query } = this;
    this.inFlight.set(block, generation);
    this.fetchWindow(query, block * this.blockSize, this.blockSize).then(
      (window) => {
        if (this.inFlight.get(block) === generation) this.inFlight.delete(block);
        if (epoch !== this.epoch) return this.pump();
        const held = this.blocks.get(block);
        if (!held || held.generation <= generation) {
          this.blocks.delete(block); // re-insert: Map order is our LRU order
          this.blocks.set(block, { epoch, generation, rows: window.rows });
          this.evict();
        }
        if (generation >= this.totalGeneration) {
          this.total = window.total;
          this.totalGeneration = generation;
        }
        this.error = null;
        this.notify();
        this.pump();
      },
      (error: unknown) => {
        if (this.inFlight.get(block) === generation) this.inFlight.delete(block);
        if (epoch !== this.epoch) return;
        this.error = error instanceof Error ? error.message : String(error);
        this.notify();
      },
    );
  }

  private evict(): void {
    for (const key of this.blocks.keys()) {
      if (this.blocks.size <= this.maxBlocks) break;
      const [start, end] = this.wanted;
      const inView = key >= Math.floor(start / this.blockSize) && key * this.blockSize < end;
      if (!inView) this.blocks.delete(key);
    }
  }

  private notify(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
