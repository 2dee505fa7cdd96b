import { useCallback, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import type { UpdateRunInfo } from '../../../../shared/update/update-run-info';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { accountLabel, runAccount } from '../delete/account-ref';
import { useEnded } from '../delete-agency/use-ended';
import { ConfirmDialog } from '../lists/confirm-dialog';
import { runErrorText } from './preview-errors';
import { PREVIEW_CLEARED, updateStore } from './update-store';
import type { UpdateFlowState } from './update-store';
import type { UpdateRunsState } from './use-update-runs';
import { RunStartedCell } from '../../components/run-started-cell';

const STATUS_TEXT: Record<UpdateRunInfo['status'], string> = {
  interrupted: 'stopped before finishing',
  finished: 'finished',
  damaged: 'cannot be trusted',
};

/** "75 of 340 prospects updated before it stopped; 265 not sent yet." */
function progressText(run: UpdateRunInfo): string {
  const saved = run.counts.updated + run.counts.added;
  const parts = [`${formatCount(saved)} of ${formatCount(run.planned)} prospects updated`];
  if (run.status === 'interrupted') {
    parts[0] += ' before it stopped';
    if (run.notSent > 0) parts.push(`${formatCount(run.notSent)} not sent yet`);
    if (run.counts.unknown > 0) parts.push(`${formatCount(run.counts.unknown)} to check`);
  } else if (run.counts.failed + run.counts.unknown > 0) {
    parts.push(`${formatCount(run.counts.failed + run.counts.unknown)} not updated`);
  }
  return `${parts.join('; ')}.`;
}

/**
 * Earlier updates in the data folder. One that stopped before it finished
 * (the app was closed, the computer shut down) can be resumed here: rows
 * already sent are never sent again, rows whose answer was lost are checked
 * in Woodpecker first (main: resume-update.ts). Mirrors the Delete page's
 * "Backups and runs".
 */
export function UpdateRuns({
  state,
  flow,
  connections,
  busy,
}: {
  state: UpdateRunsState;
  flow: UpdateFlowState;
  connections: ConnectionSummary[];
  busy: boolean;
}) {
  const [asked, setAsked] = useState<UpdateRunInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resumeJob = useJob(flow.resumedRunId ? flow.applyJob : null);
  const { reload } = state;
  useEnded(
    resumeJob,
    useCallback(() => void reload(), [reload]),
  );

  const resume = async (run: UpdateRunInfo) => {
    setAsked(null);
    setError(null);
    const started = await api.startUpdateResume({ runId: run.runId });
    if (!started.ok) return setError(`${started.error.message}`);
    updateStore.update({
      ...PREVIEW_CLEARED,
      previewJob: null,
      applyJob: started.value.jobId,
      resumedRunId: run.runId,
    });
  };

  if (state.loaded && state.runs.length === 0 && !state.error) return null;
  return (
    <section
      className="card"
      aria-labelledby="update-runs-title"
      data-testid="update-runs"
      data-ready={state.loaded ? 'true' : 'false'}
    >
      <h2 id="update-runs-title">Earlier updates</h2>
      <ErrorMessage message={state.error} testId="update-runs-error" />
      {state.runs.length > 0 && (
        <table className="saved-lists runs-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>List</th>
              <th>Account</th>
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
              return (
                <tr
                  key={run.runId}
                  data-testid="update-run"
                  data-run-id={run.runId}
                  data-status={run.status}
                >
                  <RunStartedCell createdAt={run.createdAt} runId={run.runId} />
                  <td>{run.list || '—'}</td>
                  <td>{run.connection.label ? accountLabel(run.connection, summary) : '—'}</td>
                  <td>
                    <span className={`badge run-${run.status}`}>
                      {run.reverted ? 'reverted' : STATUS_TEXT[run.status]}
                    </span>
                    <div className="muted" data-testid="update-run-progress">
                      {run.status === 'damaged' ? run.message : progressText(run)}
                    </div>
                  </td>
                  <td>
                    <div className="row-actions">
                      {run.status === 'interrupted' && !summary && (
                        <span className="muted">
                          Its connection was removed: it cannot be resumed here.
                        </span>
                      )}
                      {run.status === 'interrupted' && summary && (
                        <button
                          type="button"
                          className="link"
                          disabled={busy}
                          onClick={() => setAsked(run)}
                          data-testid="update-run-resume"
                        >
                          Resume
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {resumeJob && (
        <div data-testid="update-resume-job">
          <p>
            Resuming <code>{flow.resumedRunId}</code>
          </p>
          <ProgressBar
            progress={resumeJob}
            onCancel={() => void api.cancelJob({ jobId: resumeJob.jobId })}
          />
          {resumeJob.state === 'running' && (
            <p className="muted">
              Cancel stops before the next request; the request in flight finishes, and the update
              can be resumed again later.
            </p>
          )}
        </div>
      )}
      <ErrorMessage
        message={error ?? (resumeJob?.error ? runErrorText('The resume', resumeJob.error) : null)}
        testId="update-resume-error"
      />
      {asked && (
        <ConfirmDialog
          title="Finish this update?"
          confirmLabel="Resume update"
          onCancel={() => setAsked(null)}
          onConfirm={() => void resume(asked)}
        >
          <p>
            The update of <strong>{asked.list}</strong> stopped before it finished: the app was
            closed or the computer shut down while it was sending.
          </p>
          <p data-testid="update-resume-explained">
            Resume sends the {formatCount(asked.notSent)} rows that were not sent yet. The{' '}
            {formatCount(asked.counts.updated + asked.counts.added)} prospects already updated are
            not sent again.
            {asked.counts.unknown > 0 &&
              ` ${formatCount(asked.counts.unknown)} rows were being sent when it stopped: Woodpecker is checked first, and only those it did not save are sent.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
