import type { JobProgress } from '../../shared/jobs';
import { describeBusyWait } from '../api/http/busy-wait';
import type { BusyWaitNotice } from '../api/http/busy-wait';

const MIN_EVENT_INTERVAL_MS = 100; // ≤ 10 progress events/s: performance-facts.md "UI budgets"
const WAIT_TICK_MS = 1000;

type WaitingNotice = Extract<BusyWaitNotice, { kind: 'waiting' }>;

/**
 * One running job's progress events: the job's own reports, throttled to
 * ≤ 10 a second with the latest always sent in the end (a trailing event),
 * and, while one of its requests waits out a busy service, the wait instead
 * of the job's message — "Woodpecker asks us to wait, retrying in 12 s",
 * counted down each second — until the request goes on.
 */
export class JobProgressStream {
  private current: JobProgress;
  private jobMessage: string;
  private readonly startedAt = Date.now();
  private lastEmit = 0;
  /** Requests of this job waiting out a busy service, by request id. */
  private readonly waits = new Map<number, { notice: WaitingNotice; since: number }>();
  private trailing: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly emit: (progress: JobProgress) => void,
    initial: JobProgress,
  ) {
    this.current = initial;
    this.jobMessage = initial.message;
    this.emit(initial);
  }

  /** The latest state, sent or not. */
  get last(): JobProgress {
    return this.current;
  }

  /** The job's own progress (JobContext.report), with an ETA from the observed rate. */
  report(done: number, total: number | null, message: string): void {
    const elapsed = Date.now() - this.startedAt;
    const etaMs =
      total && done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : null;
    this.jobMessage = message;
    this.current = { ...this.current, done, total, etaMs, message: this.message() };
    this.flush(total !== null && done >= total);
  }

  /** A request of the job starts or ends waiting out a busy service (busy-wait.ts). */
  onWait(notice: BusyWaitNotice): void {
    if (notice.kind === 'waiting') {
      this.waits.set(notice.requestId, { notice, since: Date.now() });
    } else {
      this.waits.delete(notice.requestId);
    }
    if (this.waits.size > 0 && !this.ticker) {
      this.ticker = setInterval(() => {
        this.current = { ...this.current, message: this.message() };
        this.flush();
      }, WAIT_TICK_MS);
      this.ticker.unref();
    } else if (this.waits.size === 0) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    this.current = { ...this.current, message: this.message() };
    // A wait long enough to notice is shown at once (at most one a second per request).
    this.flush(notice.kind === 'waiting' && notice.waitMs >= WAIT_TICK_MS);
  }

  /** Stops the timers: the caller sends the final event itself. */
  close(): void {
    this.closed = true;
    clearTimeout(this.trailing);
    clearInterval(this.ticker);
  }

  private message(): string {
    const latest = [...this.waits.values()].at(-1);
    if (!latest) return this.jobMessage;
    return describeBusyWait(latest.notice, latest.notice.waitMs - (Date.now() - latest.since));
  }

  private flush(force = false): void {
    if (this.closed) return;
    const wait = MIN_EVENT_INTERVAL_MS - (Date.now() - this.lastEmit);
    if (force || wait <= 0) {
      clearTimeout(this.trailing);
      this.trailing = undefined;
      this.lastEmit = Date.now();
      this.emit(this.current);
      return;
    }
    this.trailing ??= setTimeout(() => {
      this.trailing = undefined;
      this.flush(true);
    }, wait);
  }
}
