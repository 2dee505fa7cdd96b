/**
 * Preview rows fetched from main in blocks around the viewport and cached:
 * the preview of a million-row list stays in main (update-service.ts), the
 * renderer only holds the blocks near what is on screen (performance-facts.md:
 * never move all rows). The import grid's RowWindowCache does the same for
 * GridRow; preview rows have another shape, so this is its small sibling.
 */
import type { PreviewRow } from '../../../../shared/update/update-preview';
import type { RowKind } from '../../../../shared/update/update-types';
import { api } from '../../lib/api';

/** Rows per `update:rows` call (main answers at most 1,000) and blocks kept. */
const BLOCK = 200;
const MAX_BLOCKS = 20;

interface Query {
  previewId: string;
  kinds: RowKind[];
}

export class PreviewRowCache {
  private readonly blocks = new Map<number, { generation: number; rows: PreviewRow[] }>();
  private readonly inFlight = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change of query or data: answers to older requests are stale. */
  private generation = 0;
  /** Bumped when the query changes: blocks of an older epoch are other rows. */
  private epoch = 0;
  private wanted: [number, number] = [0, 0];
  private query: Query | null = null;
  private key = '';
  private version = 0;
  total: number | null = null;
  error: string | null = null;

  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Shows another preview or other kinds: forgets every row. */
  setQuery(query: Query): void {
    const key = `${query.previewId}|${query.kinds.join(',')}`;
    if (key === this.key) return;
    this.query = query;
    this.key = key;
    this.epoch++;
    this.generation++;
    this.blocks.clear();
    this.total = null;
    this.notify();
    this.pump();
  }

  /** Inclusion changed in main: fetch what is on screen again, showing the old rows meanwhile. */
  invalidate(): void {
    this.generation++;
    this.pump();
  }

  /** Shows a row's new state at once (after a single include/exclude). */
  replace(row: PreviewRow): void {
    for (const block of this.blocks.values()) {
      const at = block.rows.findIndex((r) => r.index === row.index);
      if (at !== -1) block.rows[at] = row;
    }
    this.notify();
  }

  row(position: number): PreviewRow | undefined {
    return this.blocks.get(Math.floor(position / BLOCK))?.rows[position % BLOCK];
  }

  /** True when the wanted rows are loaded and fresh. */
  settled(): boolean {
    return this.inFlight.size === 0 && this.next() === undefined;
  }

  ensure(start: number, end: number): void {
    this.wanted = [Math.max(0, start), Math.max(start + 1, end)];
    this.pump();
  }

  private next(): number | undefined {
    const [start, end] = this.wanted;
    const last = Math.min(end, this.total ?? end);
    if (this.total !== null && last <= start) return undefined;
    for (let b = Math.floor(start / BLOCK); b * BLOCK < Math.max(last, start + 1); b++) {
      const block = this.blocks.get(b);
      if (block?.generation === this.generation) continue;
      if (this.inFlight.get(b) !== this.generation) return b;
    }
    return undefined;
  }

  private pump(): void {
    while (this.query && this.inFlight.size < 2) {
      const block = this.next();
      if (block === undefined) return;
      void this.fetch(this.query, block);
    }
  }

  private async fetch(query: Query, block: number): Promise<void> {
    const { generation, epoch } = this;
    this.inFlight.set(block, generation);
    const result = await api.getPreviewRows({ ...query, offset: block * BLOCK, limit: BLOCK });
    if (this.inFlight.get(block) === generation) this.inFlight.delete(block);
    if (epoch !== this.epoch) return this.pump();
    if (!result.ok) {
      this.error = result.error.message;
      return this.notify();
    }
    const held = this.blocks.get(block);
    if (!held || held.generation <= generation) {
      this.blocks.delete(block); // re-inserted: Map order is the eviction order
      this.blocks.set(block, { generation, rows: result.value.rows });
      this.evict();
    }
    this.total = result.value.total;
    this.error = null;
    this.notify();
    this.pump();
  }

  private evict(): void {
    const [start, end] = this.wanted;
    for (const key of this.blocks.keys()) {
      if (this.blocks.size <= MAX_BLOCKS) return;
      if (key * BLOCK >= end || (key + 1) * BLOCK <= start) this.blocks.delete(key);
    }
  }

  private notify(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
