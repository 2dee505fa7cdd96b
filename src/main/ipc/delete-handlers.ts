import type { DeleteService } from '../delete/delete-service';
import type { HistoryStore } from '../history/history-store';
import type { JobRunner } from '../jobs/job-runner';
import type { Handlers } from './router';

type DeleteChannels =
  'delete:backup' | 'delete:execute' | 'delete:restore' | 'delete:runs' | 'history:list';

/**
 * Backup-then-delete, restore and history. `delete:execute` checks the gate
 * (typed count, confirmed ids = the run's verified backup) before it starts
 * the job, so a refusal comes back as this call's error; the engine checks
 * again before every request.
 */
export function createDeleteHandlers(deps: {
  jobs: JobRunner;
  deletes: DeleteService;
  history: HistoryStore;
}): Pick<Handlers, DeleteChannels> {
  const { jobs, deletes, history } = deps;
  return {
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
