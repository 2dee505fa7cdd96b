/**
 * Email key → first row, for duplicate detection over million-row files
 * without a million strings on the V8 heap.
 *
 * A `Map<string, number>` of 1M lowercased emails holds ~1M strings plus the
 * map's entries (~100 MB), and building the keys (`trim().toLowerCase()`)
 * allocated two strings per row. Here each key is a 64-bit hash (two
 * 32-bit halves, computed straight from the email with ASCII case folding)
 * in an open-addressing table of typed arrays, whose memory lives outside
 * the V8 heap. A hash match is confirmed by reading the stored row's key
 * back (`keyOfRow`), so two different emails are never taken as one: the
 * index behaves exactly as the map did.
 */
import { emailKey } from './normalise-cell';

/** At most half full: linear probing stays short. */
const INITIAL_CAPACITY = 1024;

export class EmailIndex {
  private mask = INITIAL_CAPACITY - 1;
  private size = 0;
  private hashA = new Int32Array(INITIAL_CAPACITY);
  private hashB = new Int32Array(INITIAL_CAPACITY);
  /** Row + 1; 0 marks an empty slot. */
  private rowPlusOne = new Uint32Array(INITIAL_CAPACITY);
  // The last hash computed (two halves), kept in fields to avoid allocating.
  private a = 0;
  private b = 0;

  /**
   * `keyOfRow` gives the current email key of a row held in the index (as
   * `emailKey` would), or null; it is called only when two hashes match.
   */
  constructor(private readonly keyOfRow: (row: number) => string | null) {}

  get length(): number {
    return this.size;
  }

  /**
   * The row remembered for `email`'s key; when there is none, remembers
   * `row` and returns -1. Also -1 (and nothing remembered) for an email
   * whose key is empty.
   */
  getOrAdd(email: string, row: number): number {
    if (!this.hash(email)) return -1;
    const slot = this.find(email);
    if (slot >= 0) return this.rowPlusOne[slot]! - 1;
    this.insertAt(~slot, row);
    return -1;
  }

  /** The row remembered for `email`'s key, or -1. */
  get(email: string): number {
    if (!this.hash(email)) return -1;
    const slot = this.find(email);
    return slot >= 0 ? this.rowPlusOne[slot]! - 1 : -1;
  }

  /** Points `email`'s key at `newRow` if it points at `oldRow` (no read-back needed). */
  replaceRow(email: string, oldRow: number, newRow: number): void {
    const slot = this.slotOfRow(email, oldRow);
    if (slot !== -1) this.rowPlusOne[slot] = newRow + 1;
  }

  /**
   * Forgets `email`'s key if the row remembered for it is `row`. Needs no
   * read-back (the row identifies the entry), so it works after the row's
   * cells have been edited.
   */
  deleteIfRow(email: string, row: number): void {
    const slot = this.slotOfRow(email, row);
    if (slot !== -1) this.removeAt(slot);
  }

  clear(): void {
    this.rowPlusOne.fill(0);
    this.size = 0;
  }

  /**
   * Hashes `email`'s key into `a`/`b`; false when the key is empty. ASCII
   * emails without surrounding whitespace (nearly all) are folded here;
   * anything else goes through `emailKey` so the hash is always the hash of
   * exactly the key the map used to hold.
   */
  private hash(email: string): boolean {
    const n = email.length;
    if (n === 0) return false;
    let a = 0x811c9dc5;
    let b = 0x3c6ef372;
    if (email.charCodeAt(0) > 32 && email.charCodeAt(n - 1) > 32) {
      let i = 0;
      for (; i < n; i++) {
        let c = email.charCodeAt(i);
        if (c >= 128) break;
        if (c >= 65 && c <= 90) c |= 0x20;
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
      }
      if (i === n) {
        this.finish(a, b, n);
        return true;
      }
      a = 0x811c9dc5;
      b = 0x3c6ef372;
    }
    const key = emailKey(email);
    if (key === null) return false;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.finish(a, b, key.length);
    return true;
  }

  /** Murmur3's finaliser on each half: the low bits pick the slot. */
  private finish(a: number, b: number, length: number): void {
    a ^= length;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    this.a = a ^ (a >>> 16);
    b ^= length;
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    this.b = b ^ (b >>> 16);
  }

  /**
   * The slot holding the key of the last hashed `email` (confirmed by
   * reading the row back), or `~slot` of the empty slot where it would go.
   */
  private find(email: string): number {
    const mask = this.mask;
    let key: string | null | undefined;
    let i = this.a & mask;
    for (; this.rowPlusOne[i] !== 0; i = (i + 1) & mask) {
      if (this.hashA[i] !== this.a || this.hashB[i] !== this.b) continue;
      if (key === undefined) key = emailKey(email);
      if (this.keyOfRow(this.rowPlusOne[i]! - 1) === key) return i;
    }
    return ~i;
  }

  /** The slot of `email`'s key if it holds `row`, else -1. */
  private slotOfRow(email: string, row: number): number {
    if (!this.hash(email)) return -1;
    const mask = this.mask;
    for (let i = this.a & mask; this.rowPlusOne[i] !== 0; i = (i + 1) & mask) {
      if (this.rowPlusOne[i] === row + 1 && this.hashA[i] === this.a && this.hashB[i] === this.b) {
        return i;
      }
    }
    return -1;
  }

  private insertAt(slot: number, row: number): void {
    this.hashA[slot] = this.a;
    this.hashB[slot] = this.b;
    this.rowPlusOne[slot] = row + 1;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  /** Backward-shift deletion: no tombstones, probes stay short. */
  private removeAt(slot: number): void {
    const mask = this.mask;
    let hole = slot;
    let i = (slot + 1) & mask;
    while (this.rowPlusOne[i] !== 0) {
      const home = this.hashA[i]! & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, i].
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        this.hashA[hole] = this.hashA[i]!;
        this.hashB[hole] = this.hashB[i]!;
        this.rowPlusOne[hole] = this.rowPlusOne[i]!;
        hole = i;
      }
      i = (i + 1) & mask;
    }
    this.rowPlusOne[hole] = 0;
    this.size--;
  }

  private grow(): void {
    const oldA = this.hashA;
    const oldB = this.hashB;
    const oldRows = this.rowPlusOne;
    const capacity = oldRows.length * 2;
    const mask = capacity - 1;
    this.hashA = new Int32Array(capacity);
    this.hashB = new Int32Array(capacity);
    this.rowPlusOne = new Uint32Array(capacity);
    this.mask = mask;
    for (let j = 0; j < oldRows.length; j++) {
      const rowPlusOne = oldRows[j]!;
      if (rowPlusOne === 0) continue;
      let i = oldA[j]! & mask;
      while (this.rowPlusOne[i] !== 0) i = (i + 1) & mask;
      this.hashA[i] = oldA[j]!;
      this.hashB[i] = oldB[j]!;
      this.rowPlusOne[i] = rowPlusOne;
    }
  }
}
