/**
 * Append-only bytes for building a snapshot without holding prospect
 * objects: 8 MB blocks outside the V8 heap (numbers go into the shared
 * GrowableArray, src/shared/import/growable.ts).
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
