import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../app-error';
import { acquireLease, LeaseHeldError, withRunLock } from '../../store/lease-lock';

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

/** Where the cross-process slots live; unset, the slot is this process's only. */
let slotFolder: string | undefined;

/**
 * Makes every account's slot shared with the other processes using `folder`
 * (the data folder's `locks/`): the app and the CLI side by side put one
 * request in flight per account between them, not one each. Returns a
 * function that stops sharing (the app's dispose; tests).
 */
export function shareAccountSlots(folder: string): () => void {
  slotFolder = folder;
  return () => {
    if (slotFolder === folder) slotFolder = undefined;
  };
}

/**
 * Runs `task` holding the slot of `accountKey`: the process-wide queue, and —
 * when shared — the account's lock file, waited for while another process
 * holds it. Woodpecker processes one request at a time per account and drops
 * what queues beyond (notes/api-facts.md), so every client of one account
 * goes through here, including retries and the backoff before them.
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
  const folder = slotFolder;
  try {
    return await queue.run(
      folder ? () => withSharedSlot(folder, accountKey, task, signal) : task,
      signal,
    );
  } finally {
    if (queue.idle && queues.get(accountKey) === queue) queues.delete(accountKey);
  }
}

/** How often a process waiting for another's account slot looks again. */
const SLOT_POLL_MS = 50;

async function withSharedSlot<T>(
  folder: string,
  accountKey: string,
  task: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  // The key names no secret (it is a digest already); hashed again for a file name.
  const name = `account-${createHash('sha256').update(accountKey).digest('hex').slice(0, 16)}`;
  await mkdir(folder, { recursive: true });
  for (;;) {
    signal?.throwIfAborted();
    try {
      const lease = await acquireLease(join(folder, name), 'requests', 'This account');
      try {
        return await task();
      } finally {
        await lease.release();
      }
    } catch (error) {
      if (!(error instanceof LeaseHeldError)) throw error;
    }
    // Another process's request is in flight on this account: wait our turn.
    await abortableSleep(SLOT_POLL_MS + Math.random() * SLOT_POLL_MS, signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** In-process holders of an account's change, when slots are not shared (tests). */
const changing = new Set<string>();

/**
 * One change (a delete, an update, a restore) per account at a time, across
 * processes when slots are shared: two runs over the same prospects started
 * together would otherwise both pass their drift check before either sends.
 * Requests stay one at a time either way (runExclusive); this holds for the
 * whole run. `fn` gets a signal that aborts on cancel or a lost lock.
 */
export async function withAccountChange<T>(
  accountKey: string,
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  const what = 'Another delete, update or restore on this account';
  const folder = slotFolder;
  if (folder) {
    await mkdir(folder, { recursive: true });
    const name = `change-${createHash('sha256').update(accountKey).digest('hex').slice(0, 16)}`;
    return withRunLock(join(folder, name), what, signal, (combined) => fn(combined));
  }
  if (changing.has(accountKey)) {
    throw new AppError(
      'conflict',
      `${what} is already running in this window: wait for it to finish.`,
    );
  }
  changing.add(accountKey);
  try {
    return await fn(signal);
  } finally {
    changing.delete(accountKey);
  }
}

/**
 * A run's execution: its own lock (one execution per run, store/lease-lock.ts)
 * and then its account's change lock (withAccountChange), both refused at
 * once when held, never waited for.
 */
export function withRunChange<T>(
  runLock: string,
  what: string,
  accountKey: string,
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal, tookOverNote: string | undefined) => Promise<T>,
): Promise<T> {
  return withRunLock(runLock, what, signal, (runSignal, note) =>
    withAccountChange(accountKey, runSignal, (changeSignal) => fn(changeSignal ?? runSignal, note)),
  );
}
