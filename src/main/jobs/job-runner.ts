import { randomBytes } from 'node:crypto';
import type { JobKind, JobProgress } from '../../shared/jobs';
import { withBusyWaitPolicy } from '../api/http/busy-wait';
import { toErrorDto } from '../error-dto';
import { JobProgressStream } from './job-progress';

export interface JobContext {
  signal: AbortSignal;
  /** Report progress; calls are throttled to at most 10 events a second. */
  report(done: number, total: number | null, message: string): void;
}

type JobBody = (ctx: JobContext) => Promise<Record<string, unknown>>;

export interface JobRunnerOptions {
  /**
   * How long one request of a job may wait out "busy" answers (Settings:
   * "Wait up to N minutes when the service is busy"), read as each job starts.
   */
  maxBusyWaitMs?: () => number;
  /** How the user allows a longer wait, for the message when a job stops waiting. */
  howToWaitLonger?: string;
}

/**
 * Runs long jobs in main: returns an id at once, streams progress (with an
 * ETA from the observed rate), and cancels through an AbortSignal.
 *
 * Every request a job sends runs under the job's busy-wait policy
 * (api/http/busy-wait.ts): while one waits out a busy service, the progress
 * says so instead of the job's own message (job-progress.ts), and Cancel
 * ends the wait at once.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly emit: (progress: JobProgress) => void,
    private readonly options: JobRunnerOptions = {},
  ) {}

  start(kind: JobKind, body: JobBody): { jobId: string; done: Promise<JobProgress> } {
    const jobId = `job_${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const progress = new JobProgressStream(this.emit, {
      jobId,
      kind,
      state: 'running',
      done: 0,
      total: null,
      etaMs: null,
      message: 'Starting…',
    });
    const policy = {
      signal: controller.signal,
      onWait: progress.onWait.bind(progress),
      ...(this.options.maxBusyWaitMs && { maxTotalWaitMs: this.options.maxBusyWaitMs() }),
      ...(this.options.howToWaitLonger && { howToWaitLonger: this.options.howToWaitLonger }),
    };
    const report = progress.report.bind(progress);

    const done = withBusyWaitPolicy(policy, () => body({ signal: controller.signal, report }))
      .then(
        (result) => ({
          ...progress.last,
          state: 'succeeded' as const,
          etaMs: null,
          message: 'Done',
          result,
        }),
        (error: unknown) =>
          controller.signal.aborted
            ? { ...progress.last, state: 'cancelled' as const, etaMs: null, message: 'Cancelled' }
            : {
                ...progress.last,
                state: 'failed' as const,
                etaMs: null,
                message: 'Failed',
                error: pick(toErrorDto(error)),
              },
      )
      .then((final) => {
        progress.close();
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
