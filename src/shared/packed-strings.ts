/**
 * Many strings kept as UTF-8 bytes outside the V8 heap, read back on demand.
 *
 * What a million-row preview keeps (emails, the changes of new rows) would
 * otherwise be millions of heap strings — and a value cut out of a parsed
 * row keeps the whole row's text alive with it (V8 sliced strings), so the
 * heap holds every row of the list. Encoding copies just the value's bytes.
 */
import { GrowableArray } from './import/growable';

const BLOCK_BYTES = 4 << 20;

export class PackedStrings {
  private readonly blocks: Uint8Array[] = [];
  private used = 0;
  private readonly blockOf = new GrowableArray((n) => new Uint32Array(n));
  private readonly startOf = new GrowableArray((n) => new Uint32Array(n));
  private readonly lengthOf = new GrowableArray((n) => new Uint32Array(n));
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  get length(): number {
    return this.blockOf.length;
  }

  /** Adds a string; returns its index. */
  push(value: string): number {
    // encodeInto needs at most 3 bytes per UTF-16 unit.
    const block = this.room(value.length * 3);
    return this.added(this.encoder.encodeInto(value, block.subarray(this.used)).written);
  }

  /** Adds a string given as its UTF-8 bytes `bytes[start … end)`; returns its index. */
  pushBytes(bytes: Uint8Array, start: number, end: number): number {
    const block = this.room(end - start);
    // Short strings (emails): a loop beats creating a subarray to copy from.
    if (end - start > 64) block.set(bytes.subarray(start, end), this.used);
    else for (let i = start, at = this.used; i < end; i++, at++) block[at] = bytes[i]!;
    return this.added(end - start);
  }

  private room(bytes: number): Uint8Array {
    const block = this.blocks[this.blocks.length - 1];
    if (block && block.length - this.used >= bytes) return block;
    const fresh = new Uint8Array(Math.max(BLOCK_BYTES, bytes));
    this.blocks.push(fresh);
    this.used = 0;
    return fresh;
  }

  private added(written: number): number {
    this.blockOf.push(this.blocks.length - 1);
    this.startOf.push(this.used);
    this.lengthOf.push(written);
    this.used += written;
    return this.blockOf.length - 1;
  }

  get(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`No string ${index} (there are ${this.length}).`);
    }
    const block = this.blocks[this.blockOf.get(index)]!;
    const start = this.startOf.get(index);
    return this.decoder.decode(block.subarray(start, start + this.lengthOf.get(index)));
  }
}
