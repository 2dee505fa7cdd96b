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
