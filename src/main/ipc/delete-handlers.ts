import type { AgencyDeleteService } from '../delete/agency-service';
import type { DeleteService } from '../delete/delete-service';
import type { LeadsDeleteService } from '../delete/leads-service';
import type { HistoryStore } from '../history/history-store';
import type { JobRunner } from '../jobs/job-runner';
import type { Handlers } from './router';

type DeleteChannels =
  | 'delete:backup'
  | 'delete:execute'
  | 'delete:restore'
  | 'delete:runs'
  | 'agency-delete:backup'
  | 'agency-delete:execute'
  | 'leads-delete:backup'
  | 'leads-delete:execute'
  | 'leads-delete:restore'
  | 'history:list';

/**
 * Backup-then-delete, restore and history. `delete:execute` checks the gate
 * (typed count, confirmed ids = the run's verified backup) before it starts
 * the job, so a refusal comes back as this call's error; the engine checks
 * again before every request.
 */
export function createDeleteHandlers(deps: {
  jobs: JobRunner;
  deletes: DeleteService;
  agencyDeletes: AgencyDeleteService;
  leadsDeletes: LeadsDeleteService;
  history: HistoryStore;
}): Pick<Handlers, DeleteChannels> {
  const { jobs, deletes, agencyDeletes, leadsDeletes, history } = deps;
  return {
    'agency-delete:backup': (input) => ({
      jobId: jobs.start('delete-backup', async ({ signal, report }) => ({
        ...(await agencyDeletes.prepare(input, signal, report)),
      })).jobId,
    }),
    'agency-delete:execute': (input) => ({
      jobId: jobs.start('delete', async ({ signal }) => ({
        ...(await agencyDeletes.execute(input, signal)),
      })).jobId,
    }),
    'leads-delete:backup': (input) => ({
      jobId: jobs.start('delete-backup', async ({ signal, report }) => ({
        ...(await leadsDeletes.prepare(input, signal, report)),
      })).jobId,
    }),
    'leads-delete:execute': (input) => ({
      jobId: jobs.start('delete', async ({ signal, report }) => ({
        ...(await leadsDeletes.execute(input, signal, report)),
      })).jobId,
    }),
    'leads-delete:restore': (input) => ({
      jobId: jobs.start('restore', async ({ signal, report }) => ({
        ...(await leadsDeletes.restore(input, signal, report)),
      })).jobId,
    }),
    'delete:backup': (input) => {
      const { jobId } = jobs.start('delete-backup', async ({ signal, report }) => ({
        ...(await deletes.prepare(input, signal, report)),
      }));
      return { jobId };
    },
    'delete:execute': async (input) => {
      await deletes.checkGate(input);
      const { jobId } = jobs.start('delete', async ({ signal, report }) => ({
        ...(await deletes.execute(input, signal, report)),
      }));
      return { jobId };
    },
    'delete:restore': (input) => {
      const { jobId } = jobs.start('restore', async ({ signal, report }) => ({
        ...(await deletes.restore(input, signal, report)),
      }));
      return { jobId };
    },
    'delete:runs': async () => ({ runs: await deletes.runs() }),
    'history:list': () => history.list(),
  };
}
