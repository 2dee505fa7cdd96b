/**
 * Rows kept compactly for million-row lists.
 *
 * 1M rows as JS string arrays take ~2.3 GB of V8 heap (performance-facts.md);
 * here each row is UTF-8 encoded into large Uint8Array blocks, whose bytes
 * live outside the V8 heap, with a 10-byte index entry per row. The grid asks
 * for a window of rows and they are decoded on demand. Edits are an overlay
 * until `compact()` folds them in.
 *
 * Cells are joined with NUL, which the parser guarantees never appears in a
 * cell (file-checks strips and reports NUL bytes).
 */
const SEPARATOR = '\u0000';
const BLOCK_BYTES = 8 * 1024 * 1024;

export class RowStore {
  private readonly blocks: Uint8Array[] = [];
  private used = 0; // bytes used in the last block
  private blockOf = new Uint16Array(1024);
  private startOf = new Uint32Array(1024);
  private lengthOf = new Uint32Array(1024);
  private count = 0;
  private readonly edits = new Map<number, string[]>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  get length(): number {
    return this.count;
  }

  /** Adds a row; returns its index. */
  append(cells: readonly string[]): number {
    const text = cells.join(SEPARATOR);
    // encodeInto needs up to 3 bytes per UTF-16 unit.
    const worst = text.length * 3;
    let block = this.blocks[this.blocks.length - 1];
    if (!block || block.length - this.used < worst) {
      block = this.newBlock(worst);
    }
    const { written } = this.encoder.encodeInto(text, block.subarray(this.used));
    const index = this.count;
    this.ensureIndexCapacity(index + 1);
    this.blockOf[index] = this.blocks.length - 1;
    this.startOf[index] = this.used;
    this.lengthOf[index] = written;
    this.used += written;
    this.count++;
    return index;
  }

  /** Adds `records` in order; returns the index of the first one. */
  appendMany(records: readonly (readonly string[])[]): number {
    const first = this.count;
    this.ensureIndexCapacity(first + records.length);
    for (let r = 0; r < records.length; r++) this.append(records[r]!);
    return first;
  }

  /** The row's cells (a fresh array: callers may keep or change it). */
  get(index: number): string[] {
    const edited = this.edits.get(index);
    if (edited) return [...edited];
    this.check(index);
    const block = this.blocks[this.blockOf[index]!]!;
    const start = this.startOf[index]!;
    return splitCells(this.decoder.decode(block.subarray(start, start + this.lengthOf[index]!)));
  }

  /**
   * The row as stored: UTF-8 cells joined with NUL (splitCells() reads them
   * back). A view into the store, valid until the next append; copy to keep.
   */
  rowBytes(index: number): Uint8Array {
    const edited = this.edits.get(index);
    if (edited) return this.encoder.encode(edited.join(SEPARATOR));
    this.check(index);
    const start = this.startOf[index]!;
    return this.blocks[this.blockOf[index]!]!.subarray(start, start + this.lengthOf[index]!);
  }

  /** Replaces a row's cells (an edit in the grid). */
  set(index: number, cells: readonly string[]): void {
    this.check(index);
    this.edits.set(index, [...cells]);
  }

  isEdited(index: number): boolean {
    return this.edits.has(index);
  }

  /** Bytes held in blocks (outside the V8 heap), for diagnostics and benches. */
  byteSize(): number {
    return this.blocks.reduce((sum, b) => sum + b.length, 0);
  }

  /**
   * The store as two byte arrays for disk or transfer: `rows` (the UTF-8 rows
   * back to back, edits applied) and `offsets` (n + 1 byte offsets).
   */
  serialize(): { rows: Uint8Array; offsets: Float64Array } {
    const offsets = new Float64Array(this.count + 1);
    // Edited rows are encoded once; the others are copied straight from
    // their blocks (no per-row array of views: 1M of them weigh ~100 MB).
    const encoded = new Map<number, Uint8Array>();
    for (const [index, cells] of this.edits) {
      encoded.set(index, this.encoder.encode(cells.join(SEPARATOR)));
    }
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      offsets[i] = total;
      total += encoded.get(i)?.length ?? this.lengthOf[i]!;
    }
    offsets[this.count] = total;
    const rows = new Uint8Array(total);
    for (let i = 0; i < this.count; i++) {
      const at = offsets[i]!;
      const edited = encoded.get(i);
      if (edited) {
        rows.set(edited, at);
        continue;
      }
      const block = this.blocks[this.blockOf[i]!]!;
      const start = this.startOf[i]!;
      const end = start + this.lengthOf[i]!;
      if (end - start <= 64) {
        for (let b = start; b < end; b++) rows[at + b - start] = block[b]!;
      } else {
        rows.set(block.subarray(start, end), at);
      }
    }
    return { rows, offsets };
  }

  /** Rebuilds a store from `serialize()` output (our own format: no detection). */
  static deserialize(rows: Uint8Array, offsets: Float64Array): RowStore {
    const store = new RowStore();
    const count = offsets.length - 1;
    if (count < 0 || offsets[count] !== rows.length) {
      throw new Error('The list file is damaged: its row index does not match its data.');
    }
    store.blocks.push(rows);
    store.used = rows.length;
    store.ensureIndexCapacity(count);
    for (let i = 0; i < count; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      if (!(end >= start) || start > 0xffffffff) {
        throw new Error('The list file is damaged: its row index is out of order.');
      }
      store.blockOf[i] = 0;
      store.startOf[i] = start;
      store.lengthOf[i] = end - start;
    }
    store.count = count;
    // A loaded block is full: the next append starts a new one.
    store.used = rows.length;
    return store;
  }

  private newBlock(atLeast: number): Uint8Array {
    const block = new Uint8Array(Math.max(BLOCK_BYTES, atLeast));
    this.blocks.push(block);
    this.used = 0;
    return block;
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`Row ${index} does not exist (the list has ${this.count}).`);
    }
  }

  private ensureIndexCapacity(size: number): void {
    if (size <= this.blockOf.length) return;
    let capacity = this.blockOf.length;
    while (capacity < size) capacity *= 2;
    const grow = <T extends Uint16Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.blockOf = grow(this.blockOf, (n) => new Uint16Array(n));
    this.startOf = grow(this.startOf, (n) => new Uint32Array(n));
    this.lengthOf = grow(this.lengthOf, (n) => new Uint32Array(n));
  }
}

/** A row's cells from its stored text (see rowBytes()). */
export function splitCells(text: string): string[] {
  return text.split(SEPARATOR);
}
