/** Waits `ms`, rejecting with the signal's reason if it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface BackoffPolicy {
  /** First retry waits up to this long (default 500 ms). */
  baseMs?: number;
  /** No wait is longer than this (default 30 s). */
  capMs?: number;
  /** Uniform [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 500;
export const DEFAULT_BACKOFF_CAP_MS = 30_000;

/**
 * How long to wait before retry number `retry` (1 = first retry).
 *
 * Without a server hint: exponential backoff with full jitter, a uniformly
 * random wait in [0, min(cap, base·2^(retry−1))), which spreads retries of
 * clients that failed together. With a hint (`retryAt` from `Retry-After`), wait
 * exactly until then: the server knows better than our guess.
 */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy = {},
  hint?: { retryAt: number; now: number },
): number {
  if (hint) return Math.max(0, Math.ceil(hint.retryAt - hint.now));
  const base = policy.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = policy.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const random = policy.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** The real sleep: a timer that an abort cancels. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
