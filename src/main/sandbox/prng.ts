/**
 * Deterministic randomness for the seeded data.
 *
 * The same seed must always yield the same prospects and leads, so nothing in
 * the generators may touch Math.random or the clock. A 32-bit state with a
 * Weyl increment and an avalanche step (the "mulberry32" construction) is fast
 * enough for 1M prospects × ~20 draws and good enough for fake data.
 */

/** Mixes a 32-bit value so nearby inputs give unrelated outputs. */
export function avalanche(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A stable 32-bit hash of several integers, for derived per-id values (no state). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) h = avalanche(h ^ avalanche(value | 0));
  return h;
}

/** A seeded stream of pseudo-random numbers. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty array');
    return item;
  }

  /** One of the keys, chosen by weight (`[[value, weight], ...]`). */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new RangeError('weighted() needs choices');
    return last[0];
  }
}
