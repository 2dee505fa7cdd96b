import { describe, expect, it } from 'vitest';
import { backoffDelay, realSleep } from '../../../../src/main/api/http/backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling per retry up to the cap, with full jitter', () => {
    const top = { random: () => 0.999999 };
    expect(
      [1, 2, 3, 4, 10].map((r) => backoffDelay(r, { baseMs: 500, capMs: 30_000, ...top })),
    ).toEqual([499, 999, 1999, 3999, 29_999]);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
    expect(backoffDelay(2, { baseMs: 500, random: () => 0.5 })).toBe(500);
  });

  it('waits exactly until the server-given time when there is one', () => {
    expect(backoffDelay(1, { random: () => 0.9 }, { retryAt: 12_000, now: 10_000 })).toBe(2000);
    expect(backoffDelay(3, {}, { retryAt: 5_000, now: 10_000 })).toBe(0);
  });
});

describe('realSleep', () => {
  it('rejects with the abort reason when cancelled', async () => {
    const controller = new AbortController();
    const sleeping = realSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});
