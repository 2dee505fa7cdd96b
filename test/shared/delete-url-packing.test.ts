import { describe, expect, it } from 'vitest';
import {
  buildIdsUrl,
  MAX_DELETE_URL_LENGTH,
  packIdsIntoUrls,
} from '../../src/shared/delete-url-packing';
import { mulberry32 } from '../../src/shared/prng';

const WOODPECKER = 'https://api.woodpecker.co/rest/v1/prospects?id=';

/**
 * The fewest in-order batches, computed independently of the greedy packer by
 * dynamic programming over every split point (slow, fine for test sizes).
 */
function minimumBatches(prefix: string, ids: number[], suffix: string, max: number): number {
  const best = new Array<number>(ids.length + 1).fill(Infinity);
  best[0] = 0;
  for (let end = 1; end <= ids.length; end++) {
    let length = prefix.length + suffix.length - 1;
    for (let start = end - 1; start >= 0; start--) {
      length += String(ids[start]).length + 1;
      if (length > max) break;
      best[end] = Math.min(best[end] ?? Infinity, (best[start] ?? Infinity) + 1);
    }
  }
  return best[ids.length] ?? Infinity;
}

function randomIds(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => {
    const digits = 1 + Math.floor(random() * 13);
    return Math.floor(random() * 10 ** digits);
  });
}

describe('packIdsIntoUrls', () => {
  it('fits 368 ten-digit ids in one Woodpecker DELETE URL (performance-facts.md)', () => {
    expect(WOODPECKER).toHaveLength(47);
    const ids = Array.from({ length: 1000 }, (_, i) => 1_091_000_000 + i);
    const batches = packIdsIntoUrls({ baseUrl: WOODPECKER, ids });
    expect(batches[0]).toHaveLength(368);
    expect(buildIdsUrl(WOODPECKER, batches[0] ?? [])).toHaveLength(4094);
    expect(batches.map((b) => b.length)).toEqual([368, 368, 264]);
  });

  it('keeps every id exactly once, in order, with every URL within the limit (seeded cases)', () => {
    const random = mulberry32(7);
    for (let round = 0; round < 60; round++) {
      const ids = randomIds(random, Math.floor(random() * 2500));
      const suffix =
        random() < 0.5
          ? ''
          : `&campaigns_id=${randomIds(random, 1 + Math.floor(random() * 30)).join(',')}`;
      const max = round % 3 === 0 ? 300 + Math.floor(random() * 400) : MAX_DELETE_URL_LENGTH;
      const batches = packIdsIntoUrls({ baseUrl: WOODPECKER, ids, suffix, maxUrlLength: max });
      expect(batches.flat()).toEqual(ids);
      for (const batch of batches) {
        expect(batch.length).toBeGreaterThan(0);
        expect(buildIdsUrl(WOODPECKER, batch, suffix).length).toBeLessThanOrEqual(max);
      }
      expect(batches).toHaveLength(minimumBatches(WOODPECKER, ids, suffix, max));
    }
  });

  it('needs ceil(n / per-URL) requests for ids of equal length', () => {
    for (const [digits, count] of [
      [10, 10_000],
      [7, 5_000],
      [12, 1],
    ] as const) {
      const ids = Array.from({ length: count }, (_, i) => 10 ** (digits - 1) + i);
      const perUrl = Math.floor((MAX_DELETE_URL_LENGTH - WOODPECKER.length + 1) / (digits + 1));
      expect(packIdsIntoUrls({ baseUrl: WOODPECKER, ids })).toHaveLength(Math.ceil(count / perUrl));
    }
  });

  it('returns no batch for no ids', () => {
    expect(packIdsIntoUrls({ baseUrl: WOODPECKER, ids: [] })).toEqual([]);
  });

  it('throws when a single id cannot fit, or an id is not a whole number', () => {
    expect(() => packIdsIntoUrls({ baseUrl: WOODPECKER, ids: [123456], maxUrlLength: 50 })).toThrow(
      /does not fit/,
    );
    expect(() => packIdsIntoUrls({ baseUrl: WOODPECKER, ids: [1.5] })).toThrow(RangeError);
    expect(() => packIdsIntoUrls({ baseUrl: WOODPECKER, ids: [-1] })).toThrow(RangeError);
  });
});
