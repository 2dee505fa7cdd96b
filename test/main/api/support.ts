import type { Sleep } from '../../../src/main/api/http/backoff';
import type { AttemptReport, HttpOptions } from '../../../src/main/api/http/http-client';

/**
 * HttpOptions for tests: backoff waits are recorded instead of slept (the
 * requests themselves stay real HTTP), jitter is fixed and the clock frozen so
 * Retry-After waits are exact.
 */
export function testHttp(extra: HttpOptions = {}): {
  options: HttpOptions;
  waits: number[];
  attempts: AttemptReport[];
} {
  const waits: number[] = [];
  const attempts: AttemptReport[] = [];
  const sleep: Sleep = async (ms, signal) => {
    waits.push(ms);
    signal?.throwIfAborted();
  };
  return {
    waits,
    attempts,
    options: {
      sleep,
      random: () => 0.5,
      now: () => FROZEN_NOW,
      timeoutMs: 5_000,
      onAttempt: (a) => attempts.push(a),
      ...extra,
    },
  };
}

export const FROZEN_NOW = Date.UTC(2025, 2, 5, 12, 0, 0);

/** Settles `promise` and returns its rejection (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
