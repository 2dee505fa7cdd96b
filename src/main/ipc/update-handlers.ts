import type { JobRunner } from '../jobs/job-runner';
import type { UpdateService } from '../update/update-service';
import type { Handlers } from './router';

type UpdateChannels =
  | 'update:preview'
  | 'update:rows'
  | 'update:include'
  | 'update:apply'
  | 'update:retry'
  | 'update:revert'
  | 'update:resume'
  | 'update:runs'
  | 'update:outcomes';

/** Snippet updates: preview (kept in main, read in windows), apply, resume, retry, revert. */
export function createUpdateHandlers(deps: {
  jobs: JobRunner;
  updates: UpdateService;
}): Pick<Handlers, UpdateChannels> {
  const { jobs, updates } = deps;
  return {
    'update:preview': (input) => ({
      jobId: jobs.start('update-preview', async ({ signal, report }) => ({
        ...(await updates.preview(input, signal, report)),
      })).jobId,
    }),
    'update:rows': (input) => updates.rows(input),
    'update:include': (input) => updates.include(input),
    'update:apply': (input) => ({
      jobId: jobs.start('update-apply', async ({ signal, report }) => ({
        ...(await updates.apply(input, signal, report)),
      })).jobId,
    }),
    'update:retry': ({ runId }) => ({
      jobId: jobs.start('update-retry', async ({ signal, report }) => ({
        ...(await updates.retry(runId, signal, report)),
      })).jobId,
    }),
    'update:revert': ({ runId }) => ({
      jobId: jobs.start('update-revert', async ({ signal, report }) => ({
        ...(await updates.revert(runId, signal, report)),
      })).jobId,
    }),
    'update:resume': ({ runId }) => ({
      jobId: jobs.start('update-resume', async ({ signal, report }) => ({
        ...(await updates.resume(runId, signal, report)),
      })).jobId,
    }),
    'update:runs': async () => ({ runs: await updates.runs() }),
    'update:outcomes': (input) => updates.outcomes(input),
  };
}
