import type { JobRunner } from '../jobs/job-runner';
import type { SnapshotService } from '../snapshot/snapshot-service';
import type { Handlers } from './router';

type SnapshotChannels =
  | 'snapshot:sync'
  | 'snapshot:sync-campaigns'
  | 'snapshot:info'
  | 'snapshot:query'
  | 'snapshot:export';

/** Account snapshots: sync (prospects, campaign membership) as jobs, their age and state, grid windows, exports. */
export function createSnapshotHandlers(deps: {
  jobs: JobRunner;
  snapshots: SnapshotService;
}): Pick<Handlers, SnapshotChannels> {
  const { jobs, snapshots } = deps;
  return {
    'snapshot:sync': ({ mode, ...ref }) => ({
      jobId: jobs.start('snapshot-sync', async ({ signal, report }) => ({
        ...(await snapshots.sync(ref, mode, signal, report)),
      })).jobId,
    }),
    'snapshot:sync-campaigns': (ref) => ({
      jobId: jobs.start('campaign-sync', async ({ signal, report }) => ({
        ...(await snapshots.syncCampaigns(ref, signal, report)),
      })).jobId,
    }),
    'snapshot:info': (ref) => snapshots.info(ref),
    'snapshot:query': ({ filter, offset, limit, ...ref }) =>
      snapshots.query(ref, { ...filter, offset, limit }),
    'snapshot:export': ({ filter, format, ...ref }) => ({
      jobId: jobs.start('account-export', async ({ signal, report }) => ({
        ...(await snapshots.export(ref, filter, format, signal, report)),
      })).jobId,
    }),
  };
}
