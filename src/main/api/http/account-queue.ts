import { createHash } from 'node:crypto';

/**
 * Names the account a request acts on, so every client of that account shares
 * one queue. Woodpecker counts load per account (an agency key acting for a
 * client company counts as that company: notes/api-facts.md). Without a
 * company id the key itself stands for the account; it is hashed so the queue
 * map never holds a secret.
 */
export function accountQueueKey(baseUrl: string, apiKey: string, companyId?: number): string {
  const origin = new URL(baseUrl).origin;
  if (companyId !== undefined) return `${origin} company:${companyId}`;
  const digest = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
  return `${origin} key:${digest}`;
}

interface Waiter {
  grant: () => void;
}

/**
 * A serial queue: at most one task holds the slot at a time, the rest wait in
 * arrival order. A waiter whose signal aborts leaves without ever running.
 */
export class SerialQueue {
  private busy = false;
  private readonly waiters: Waiter[] = [];

  /** True while a task holds the slot or waits for it. */
  get idle(): boolean {
    return !this.busy && this.waiters.length === 0;
  }

  /** Runs `task` once the slot is free; the slot is held until it settles. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter: `busy` never drops in
    // between, so a newcomer cannot overtake the queue.
    if (next) next.grant();
    else this.busy = false;
  }
}

const queues = new Map<string, SerialQueue>();

/**
 * Runs `task` holding the process-wide slot of `accountKey`. Woodpecker
 * processes one request at a time per account and drops what queues beyond
 * (notes/api-facts.md), so every client of one account goes through here,
 * including retries and the backoff before them.
 */
export async function runExclusive<T>(
  accountKey: string,
  task: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let queue = queues.get(accountKey);
  if (!queue) {
    queue = new SerialQueue();
    queues.set(accountKey, queue);
  }
  try {
    return await queue.run(task, signal);
  } finally {
    if (queue.idle && queues.get(accountKey) === queue) queues.delete(accountKey);
  }
}
