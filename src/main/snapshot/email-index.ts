/**
 * Lowercase email → row index, as an open-addressing hash table in one
 * Int32Array (8 bytes per prospect at 1M) over the snapshot's email bytes:
 * no JS string per prospect, so a 1M snapshot keeps a small V8 heap.
 */
export class EmailIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly emails: Uint8Array,
    private readonly offsets: Float64Array,
  ) {
    const count = offsets.length - 1;
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let row = 0; row < count; row++) {
      const start = offsets[row]!;
      const end = offsets[row + 1]!;
      let slot = hashBytes(emails, start, end) & this.mask;
      for (;;) {
        const held = this.slots[slot]!;
        if (held < 0) {
          this.slots[slot] = row;
          break;
        }
        // The first row keeps a duplicated email (Woodpecker keeps emails unique per account).
        if (this.equals(held, emails, start, end)) break;
        slot = (slot + 1) & this.mask;
      }
    }
  }

  /** The row of an already-lowercased email (its UTF-8 bytes from `start` to `end`), or -1. */
  find(lowercaseEmail: Uint8Array, start = 0, end = lowercaseEmail.length): number {
    let slot = hashBytes(lowercaseEmail, start, end) & this.mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held < 0) return -1;
      if (this.equals(held, lowercaseEmail, start, end)) return held;
      slot = (slot + 1) & this.mask;
    }
  }

  private equals(row: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[row]!;
    if (this.offsets[row + 1]! - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) {
      if (this.emails[from + i] !== bytes[start + i]) return false;
    }
    return true;
  }
}

/** FNV-1a, 32 bit. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
