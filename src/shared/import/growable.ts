/** A typed array that doubles when full: per-row numbers for million-row lists and snapshots. */
export class GrowableArray<T extends Uint8Array | Uint32Array | Float64Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] ?? 0;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** A view of the used part (shares memory). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** UTF-8 text appended back to back into one Uint8Array that doubles when full. */
export class GrowableBytes {
  private data = new Uint8Array(1 << 16);
  length = 0;
  private readonly encoder = new TextEncoder();

  /** Appends `text`; returns the end offset. */
  pushText(text: string): number {
    // encodeInto needs at most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    this.length += this.encoder.encodeInto(text, this.data.subarray(this.length)).written;
    return this.length;
  }

  /** A view of the used part (shares memory until the next push). */
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.data.length - this.length >= bytes) return;
    let size = this.data.length * 2;
    while (size - this.length < bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.view());
    this.data = next;
  }
}
