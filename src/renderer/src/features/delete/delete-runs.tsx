import { useCallback, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import type { DeleteRunInfo } from '../../../../shared/delete';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { accountLabel, runAccount, sessionRunIds } from './account-ref';
import { RunJob } from './run-job';
import { updateDeleteFlow, useDeleteFlowState } from './flow-store';
import { ResumePrompt, RestoreDialog } from './run-prompts';
import { LeadsRestoreDialog } from '../delete-leads/leads-restore-dialog';
import { LeadsRestoreJob } from '../delete-leads/leads-restore-job';
import { leadsStore } from '../delete-leads/leads-store';
import { useJobStore } from '../delete-agency/job-store';
import type { DeleteRunsState } from './use-delete-runs';
import { RunStartedCell } from '../../components/run-started-cell';

const STATUS_TEXT: Record<DeleteRunInfo['status'], string> = {
  'backed-up': 'backed up, not deleted',
  interrupted: 'interrupted',
  finished: 'finished',
  damaged: 'damaged',
};

/**
 * Every backup in the data folder: resume an interrupted delete, or restore
 * a backup into its account. Agency and Leads runs are listed too (their
 * backups matter) but are resumed and restored from their own workflows.
 */
export function DeleteRuns({
  state,
  connections,
  busy,
}: {
  state: DeleteRunsState;
  connections: ConnectionSummary[];
  busy: boolean;
}) {
  const [ask, setAsk] = useState<{
    run: DeleteRunInfo;
    action: 'resume' | 'restore' | 'leads-restore';
  } | null>(null);
  const leadsRestore = useJobStore(leadsStore).runsRestore;
  const leadsRestoreProgress = useJob(leadsRestore?.jobId ?? null);
  const job = useDeleteFlowState().runJob;
  const [error, setError] = useState<string | null>(null);
  const { reload } = state;
  const onEnd = useCallback(() => void reload(), [reload]);

  const start = async (run: DeleteRunInfo, action: 'resume' | 'restore', confirmCount = 0) => {
    setAsk(null);
    setError(null);
    const account = runAccount(run.connection);
    let started;
    if (action === 'restore') {
      started = await api.startRestore({ ...account, runId: run.runId });
    } else {
      // Runs backed up in this session send the ids the user saw; older ones are
      // gated by the typed count and their verified backup alone.
      const ids = sessionRunIds.get(run.runId);
      started = await api.startDelete({
        ...account,
        runId: run.runId,
        confirmCount,
        ...(ids && { ids }),
      });
    }
    if (!started.ok) return setError(started.error.message);
    updateDeleteFlow({ runJob: { runId: run.runId, kind: action, jobId: started.value.jobId } });
  };

  const startLeadsRestore = async (run: DeleteRunInfo) => {
    setAsk(null);
    setError(null);
    const started = await api.startLeadsRestore({
      connectionId: run.connection.id,
      runId: run.runId,
    });
    if (!started.ok) return setError(started.error.message);
    leadsStore.update({ runsRestore: { runId: run.runId, jobId: started.value.jobId } });
  };

  const jobProgress = useJob(job?.jobId ?? null);
  const locked =
    busy || jobProgress?.state === 'running' || leadsRestoreProgress?.state === 'running';

  return (
    <section
      className="card"
      aria-labelledby="delete-runs-title"
      data-testid="delete-runs"
      data-ready={state.loaded ? 'true' : 'false'}
    >
      <h2 id="delete-runs-title">Backups and runs</h2>
      <ErrorMessage message={state.error} testId="delete-runs-error" />
      {state.loaded && state.runs.length === 0 && !state.error && (
        <p className="muted">No backups yet: every delete starts with one, listed here.</p>
      )}
      {state.runs.length > 0 && (
        <table className="saved-lists runs-table">
          <thead>
            <tr>
              <th>Backed up</th>
              <th>Account</th>
              <th>Records</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.runs.map((run) => {
              const summary = connections.find(
                (c) => c.id === runAccount(run.connection).connectionId,
              );
              // A damaged plan or journal leaves the backup restorable (the restore
              // verifies it); only a manifest that cannot be read (no createdAt) does not.
              const ours =
                run.kind === 'prospects' && (run.status !== 'damaged' || run.createdAt !== '');
              // Leads runs that changed something: archive / anonymize can be undone
              // (a delete cannot: leads-restore.ts).
              const leadsRestorable =
                run.kind === 'leads' &&
                (run.status === 'finished' || run.status === 'interrupted') &&
                (run.action === 'archive' || run.action === 'anonymize') &&
                summary !== undefined;
              return (
                <tr
                  key={run.runId}
                  data-testid="delete-run"
                  data-run-id={run.runId}
                  data-status={run.status}
                >
                  <RunStartedCell createdAt={run.createdAt} runId={run.runId} />
                  <td>
                    {run.connection.label ? accountLabel(run.connection, summary) : '—'}
                    {run.kind !== 'prospects' && <span className="badge">{run.kind}</span>}
                  </td>
                  <td>{formatCount(run.records)}</td>
                  <td>
                    <span className={`badge run-${run.status}`}>{STATUS_TEXT[run.status]}</span>
                    {run.message && <div className="muted">{run.message}</div>}
                  </td>
                  <td>
                    <div className="row-actions">
                      {ours && !summary && (
                        <span className="muted">
                          Connection removed: add it again to act on this run.
                        </span>
                      )}
                      {ours && summary && run.status === 'interrupted' && (
                        <button
                          type="button"
                          className="link"
                          disabled={locked}
                          onClick={() => setAsk({ run, action: 'resume' })}
                          data-testid="run-resume"
                        >
                          Resume
                        </button>
                      )}
                      {ours && summary && run.status !== 'backed-up' && (
                        <button
                          type="button"
                          className="link"
                          disabled={locked}
                          onClick={() => setAsk({ run, action: 'restore' })}
                          data-testid="run-restore"
                        >
                          Restore
                        </button>
                      )}
                      {leadsRestorable && (
                        <button
                          type="button"
                          className="link"
                          disabled={locked}
                          onClick={() => setAsk({ run, action: 'leads-restore' })}
                          data-testid="run-leads-restore"
                        >
                          Restore leads
                        </button>
                      )}
                      {run.kind === 'agency-all' && run.status !== 'backed-up' && (
                        <span className="muted">
                          Sent once, never again: check the company in Woodpecker.
                        </span>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {ask?.action === 'resume' && (
        <ResumePrompt
          run={ask.run}
          onResume={(count) => void start(ask.run, 'resume', count)}
          onCancel={() => setAsk(null)}
        />
      )}
      {ask?.action === 'restore' && (
        <RestoreDialog
          run={ask.run}
          onRestore={() => void start(ask.run, 'restore')}
          onCancel={() => setAsk(null)}
        />
      )}
      {ask?.action === 'leads-restore' && (
        <LeadsRestoreDialog
          run={ask.run}
          onRestore={() => void startLeadsRestore(ask.run)}
          onCancel={() => setAsk(null)}
        />
      )}
      <ErrorMessage message={error} testId="run-action-error" />
      {leadsRestore && (
        <LeadsRestoreJob
          key={leadsRestore.jobId}
          jobId={leadsRestore.jobId}
          runId={leadsRestore.runId}
          onEnd={onEnd}
        />
      )}
      {job && <RunJob key={job.jobId} job={job} onEnd={onEnd} />}
    </section>
  );
}
