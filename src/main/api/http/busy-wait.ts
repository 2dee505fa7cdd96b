import { AsyncLocalStorage } from 'node:async_hooks';
import { BUSY_WAIT_MINUTES } from '../../../shared/settings';

/**
 * How long to keep waiting when a service answers "busy" (Woodpecker v1 409
 * `E_TOO_MANY_REQUESTS`, v2 and Leads 429: notes/api-facts.md). Those answers
 * mean the request was not processed, so retrying is safe even for a write;
 * a storm of them is waited out instead of failing the job.
 */
export interface BusyWaitPolicy {
  /**
   * The most one request may spend waiting on busy answers, in ms: the sum
   * of the waits chosen, or the time since the first busy answer when that is
   * more. Past it, the request fails with a message that says so.
   */
  maxTotalWaitMs: number;
  /** Told before every wait, and once the request goes on (the job's progress). */
  onWait?: (notice: BusyWaitNotice) => void;
  /**
   * Aborts a wait — in the account's queue or between attempts — but never an
   * attempt in flight: the job's Cancel, for writes sent without a signal so
   * their outcome is always known.
   */
  signal?: AbortSignal;
  /**
   * How the user allows a longer wait, for the final message ("Try again
   * later, or …"), e.g. the app's Settings field or the CLI's option.
   */
  howToWaitLonger?: string;
}

/** One busy request's state, as `onWait` hears it. */
export type BusyWaitNotice =
  | {
      kind: 'waiting';
      /** Tells apart concurrent requests of one job. */
      requestId: number;
      /** 'Woodpecker' or 'The Leads API'. */
      service: string;
      /** This wait, in ms. */
      waitMs: number;
      /** Spent waiting before this wait, in ms. */
      waitedMs: number;
      maxTotalWaitMs: number;
      /** Busy answers in a row so far. */
      busyAnswers: number;
      /** Whether the service said how long (`Retry-After`) or we guessed (backoff). */
      fromRetryAfter: boolean;
    }
  | { kind: 'resumed'; requestId: number };

/** The wait the app and the CLI allow when the user has not chosen one (Settings' default). */
export const DEFAULT_MAX_BUSY_WAIT_MS = BUSY_WAIT_MINUTES.default * 60_000;

const scope = new AsyncLocalStorage<Partial<BusyWaitPolicy>>();

/**
 * Runs `body` with `policy` as the busy-wait policy of every request it
 * sends (JobRunner wraps each job; the CLI each command), so clients built
 * anywhere inside report their waits to that job and stop waiting on its
 * Cancel. HttpOptions.busy, when given, wins field by field.
 */
export function withBusyWaitPolicy<T>(policy: Partial<BusyWaitPolicy>, body: () => T): T {
  return scope.run(policy, body);
}

/** The policy of the current job or command, if any. */
export function currentBusyWaitPolicy(): Partial<BusyWaitPolicy> | undefined {
  return scope.getStore();
}

/**
 * "Woodpecker asks us to wait, retrying in 12 s" — what the job's progress
 * shows, with `leftMs` of the wait to go (counted down by JobRunner).
 */
export function describeBusyWait(
  notice: Extract<BusyWaitNotice, { kind: 'waiting' }>,
  leftMs = notice.waitMs,
): string {
  const left = Math.min(notice.waitMs, Math.max(0, leftMs));
  const waited = notice.waitedMs + notice.waitMs - left;
  const when = left > 0 ? `retrying in ${formatWait(left)}` : 'retrying now';
  const tail =
    waited >= 1000
      ? ` (waited ${formatWait(waited, Math.floor)} of up to ${formatWait(notice.maxTotalWaitMs)})`
      : '';
  return `${notice.service} asks us to wait, ${when}${tail}`;
}

/**
 * `0 s`, `12 s`, `1 min 5 s`, `10 min`: whole seconds, rounded up by default
 * (a wait to come is never shorter than said; time waited rounds down).
 */
export function formatWait(ms: number, round: (x: number) => number = Math.ceil): string {
  const seconds = round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
