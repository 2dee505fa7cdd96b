import { describe, expect, it } from 'vitest';
import { accountQueueKey, runExclusive } from '../../../../src/main/api/http/account-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('accountQueueKey', () => {
  it('keys by origin and company, or by a hash that does not contain the key', () => {
    expect(accountQueueKey('https://api.woodpecker.co/rest', 'k1', 42)).toBe(
      'https://api.woodpecker.co company:42',
    );
    const byKey = accountQueueKey('https://api.woodpecker.co', 'secret-key-123');
    expect(byKey).not.toContain('secret-key-123');
    expect(byKey).toBe(accountQueueKey('https://api.woodpecker.co/', 'secret-key-123'));
    expect(byKey).not.toBe(accountQueueKey('https://api.woodpecker.co', 'other-key'));
  });
});

describe('runExclusive', () => {
  it('runs tasks of one account one at a time, in arrival order', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      order.push(n);
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4].map((n) => runExclusive('a', task(n))));
    expect(results).toEqual([1, 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(most).toBe(1);
  });

  it('lets different accounts overlap', async () => {
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    await Promise.all([runExclusive('x', task), runExclusive('y', task)]);
    expect(most).toBe(2);
  });

  it('keeps the queue going after a failing task', async () => {
    const failing = runExclusive('f', () => Promise.reject(new Error('boom')));
    const next = runExclusive('f', () => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('drops a waiter whose signal aborts, without running it', async () => {
    let release!: () => void;
    const holder = runExclusive('q', () => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let ran = false;
    const waiter = runExclusive(
      'q',
      async () => {
        ran = true;
      },
      controller.signal,
    );
    const after = runExclusive('q', () => Promise.resolve('after'));
    controller.abort();
    await expect(waiter).rejects.toThrow();
    release();
    await holder;
    await expect(after).resolves.toBe('after');
    expect(ran).toBe(false);
  });
});
