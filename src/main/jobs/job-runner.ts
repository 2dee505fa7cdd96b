import { randomBytes } from 'node:crypto';
import type { JobKind, JobProgress } from '../../shared/jobs';
import { toErrorDto } from '../error-dto';

export interface JobContext {
  signal: AbortSignal;
  /** Report progress; calls are throttled to at most 10 events a second. */
  report(done: number, total: number | null, message: string): void;
}

type JobBody = (ctx: JobContext) => Promise<Record<string, unknown>>;

const MIN_EVENT_INTERVAL_MS = 100; // ≤ 10 progress events/s: performance-facts.md "UI budgets"

/**
 * Runs long jobs in main: returns an id at once, streams progress (with an
 * ETA from the observed rate), and cancels through an AbortSignal.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (progress: JobProgress) => void) {}

  start(kind: JobKind, body: JobBody): { jobId: string; done: Promise<JobProgress> } {
    const jobId = `job_${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const startedAt = Date.now();
    let lastEmit = 0;
    let last: JobProgress = {
      jobId,
      kind,
      state: 'running',
      done: 0,
      total: null,
      etaMs: null,
      message: 'Starting…',
    };

    const report = (done: number, total: number | null, message: string) => {
      const elapsed = Date.now() - startedAt;
      const etaMs =
        total && done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : null;
      last = { ...last, done, total, etaMs, message };
      if (Date.now() - lastEmit >= MIN_EVENT_INTERVAL_MS || (total !== null && done >= total)) {
        lastEmit = Date.now();
        this.emit(last);
      }
    };

    this.emit(last);
    const done = body({ signal: controller.signal, report })
      .then(
        (result) => ({
          ...last,
          state: 'succeeded' as const,
          etaMs: null,
          message: 'Done',
          result,
        }),
        (error: unknown) =>
          controller.signal.aborted
            ? { ...last, state: 'cancelled' as const, etaMs: null, message: 'Cancelled' }
            : {
                ...last,
                state: 'failed' as const,
                etaMs: null,
                message: 'Failed',
                error: pick(toErrorDto(error)),
              },
      )
      .then((final) => {
        this.running.delete(jobId);
        this.emit(final);
        return final;
      });
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

const pick = (dto: { code: string; message: string }) => ({ code: dto.code, message: dto.message });
