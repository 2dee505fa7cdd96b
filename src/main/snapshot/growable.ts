/**
 * Append-only buffers for building a snapshot without holding prospect
 * objects: bytes go into 8 MB blocks (outside the V8 heap), numbers into typed
 * arrays that double when full.
 */
const BLOCK_BYTES = 8 * 1024 * 1024;

export class ByteSink {
  private readonly blocks: Buffer[] = [];
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  /** Appends UTF-8 text; returns the byte length written. */
  writeText(text: string): number {
    const worst = text.length * 3;
    const block = this.room(worst);
    const written = block.write(text, this.used, 'utf8');
    this.used += written;
    this.total += written;
    return written;
  }

  writeBytes(bytes: Uint8Array): void {
    const block = this.room(bytes.length);
    block.set(bytes, this.used);
    this.used += bytes.length;
    this.total += bytes.length;
  }

  /** The blocks trimmed to what was written, in order. */
  parts(): Uint8Array[] {
    return this.blocks.map((b, i) => (i === this.blocks.length - 1 ? b.subarray(0, this.used) : b));
  }

  private room(bytes: number): Buffer {
    const last = this.blocks[this.blocks.length - 1];
    if (last && last.length - this.used >= bytes) return last;
    if (last) this.blocks[this.blocks.length - 1] = last.subarray(0, this.used);
    const block = Buffer.alloc(Math.max(BLOCK_BYTES, bytes));
    this.blocks.push(block);
    this.used = 0;
    return block;
  }
}

type NumberArray = Float64Array | Uint32Array | Uint8Array;

export class GrowableArray<T extends NumberArray> {
  private data: T;
  private count = 0;

  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.count++] = value;
  }

  /** A view of the values pushed so far. */
  view(): T {
    return this.data.subarray(0, this.count) as T;
  }
}
