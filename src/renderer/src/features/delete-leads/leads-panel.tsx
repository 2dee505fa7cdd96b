import { useMemo, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import { BackupJob } from '../delete/backup-job';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { useJob } from '../../lib/use-job';
import { useEnded } from '../delete-agency/use-ended';
import { useJobStore } from '../delete-agency/job-store';
import { jobResult } from '../delete/job-results';
import { LeadsConfirmation } from './leads-confirmation';
import { LeadsForm } from './leads-form';
import type { LeadsTarget } from './leads-form';
import { LeadsRestoreJob } from './leads-restore-job';
import { LeadsResultView } from './leads-result';
import { leadsActionResultSchema, preparedLeadsSchema } from './leads-results';
import type { LeadsAction } from './leads-results';
import { leadsStore } from './leads-store';

const RUN_TITLE: Record<LeadsAction, string> = {
  delete: 'Delete leads',
  archive: 'Archive leads',
  anonymize: 'Anonymize leads',
};

/** Connections whose leads these runs reach: Leads API connections and the Sandbox. */
export const leadsConnections = (connections: ConnectionSummary[]) =>
  connections.filter((c) => c.kind === 'leads' || c.kind === 'sandbox');

/**
 * Leads API: back leads up, confirm the action with the typed count, run it
 * lead by lead with progress, show each lead's outcome, and restore archived
 * or anonymized leads. `onJobEnd` runs when a job stops (the runs list reloads).
 */
export function LeadsDeletePanel({
  connections,
  onJobEnd,
}: {
  connections: ConnectionSummary[];
  onJobEnd(): void;
}) {
  const flow = useJobStore(leadsStore);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const usable = leadsConnections(connections);
  const connection = usable.find((c) => c.id === flow.connectionId) ?? usable[0];
  const backup = useJob(flow.backupJob);
  const action = useJob(flow.actionJob);
  const restore = useJob(flow.restoreJob);
  const prepared = useMemo(() => jobResult(backup, preparedLeadsSchema), [backup]);
  const result = useMemo(() => jobResult(action, leadsActionResultSchema), [action]);
  useEnded(backup, onJobEnd);
  useEnded(action, onJobEnd);
  useEnded(restore, onJobEnd);
  const running =
    starting ||
    backup?.state === 'running' ||
    action?.state === 'running' ||
    restore?.state === 'running';
  const names = useMemo(
    () =>
      new Map(
        prepared?.ok ? prepared.value.preview.map((l) => [l.id, l.name ?? l.email ?? '']) : [],
      ),
    [prepared],
  );
  const start = async (job: () => ReturnType<typeof api.startLeadsBackup>) => {
    setError(null);
    setStarting(true);
    const started = await job();
    setStarting(false);
    if (!started.ok) {
      setError(`${started.error.message} Nothing was changed.`);
      return null;
    }
    return started.value.jobId;
  };

  const startBackup = async (target: LeadsTarget) => {
    if (!connection) return;
    leadsStore.update({ backupJob: null, actionJob: null, restoreJob: null, action: null });
    const jobId = await start(() => api.startLeadsBackup({ connectionId: connection.id, target }));
    if (jobId) leadsStore.update({ connectionId: connection.id, backupJob: jobId });
  };

  const run = async (kind: LeadsAction, reason: string, confirmCount: number) => {
    if (!prepared?.ok || !connection) return;
    const jobId = await start(() =>
      api.startLeadsAction({
        connectionId: connection.id,
        runId: prepared.value.runId,
        action: kind,
        confirmCount,
        ...(reason !== '' && { reason }),
      }),
    );
    if (jobId) {
      leadsStore.update({ actionJob: jobId, action: kind, reason, confirmCount, restoreJob: null });
    }
  };

  const startRestore = async () => {
    if (!prepared?.ok || !connection) return;
    const jobId = await start(() =>
      api.startLeadsRestore({ connectionId: connection.id, runId: prepared.value.runId }),
    );
    if (jobId) leadsStore.update({ restoreJob: jobId });
  };

  const reset = () => {
    leadsStore.update({ backupJob: null, actionJob: null, restoreJob: null, action: null });
    setError(null);
  };

  if (!connection) {
    return (
      <section className="card" data-testid="leads-panel">
        <h2>Leads API</h2>
        <p className="muted" data-testid="leads-no-connection">
          This needs a Leads API connection (or the Sandbox): add one on the Connections page.
        </p>
      </section>
    );
  }

  return (
    <section className="leads-panel" data-testid="leads-panel" aria-labelledby="leads-title">
      {!prepared?.ok && (
        <LeadsForm
          connections={usable}
          connectionId={connection.id}
          onConnection={(id) => leadsStore.update({ connectionId: id })}
          busy={running}
          onBackup={(target) => void startBackup(target)}
        />
      )}
      {backup && !prepared?.ok && (
        <BackupJob
          progress={backup}
          jobId={flow.backupJob}
          failure={prepared && !prepared.ok ? prepared.message : null}
          testId="leads"
        />
      )}
      {prepared?.ok && !action && (
        <LeadsConfirmation
          key={prepared.value.runId}
          prepared={prepared.value}
          connectionLabel={connection.label}
          busy={running}
          onRun={(kind, reason, count) => void run(kind, reason, count)}
          onStartOver={reset}
        />
      )}
      {prepared?.ok && action && (
        <section className="card" aria-labelledby="leads-run-title" data-testid="leads-job">
          <h2 id="leads-run-title">3. {RUN_TITLE[flow.action ?? 'archive']}</h2>
          <ProgressBar
            progress={action}
            onCancel={() => flow.actionJob && void api.cancelJob({ jobId: flow.actionJob })}
          />
          {action.state === 'running' && (
            <p className="muted">Cancel stops before the next lead; the lead in flight finishes.</p>
          )}
          {result?.ok && (
            <LeadsResultView
              result={result.value}
              names={names}
              backupFile={prepared.value.backup.jsonl}
              busy={running}
              onResume={() => flow.action && void run(flow.action, flow.reason, flow.confirmCount)}
              onRestore={() => void startRestore()}
            />
          )}
          <ErrorMessage
            message={
              action.error
                ? `${action.error.message} What was done is journaled: check the result in the runs list and the History page.`
                : result && !result.ok
                  ? result.message
                  : null
            }
            testId="leads-error"
          />
          {flow.restoreJob && (
            <LeadsRestoreJob
              key={flow.restoreJob}
              jobId={flow.restoreJob}
              runId={prepared.value.runId}
            />
          )}
          {!running && (
            <div className="actions">
              <button
                type="button"
                className="button secondary"
                onClick={reset}
                data-testid="leads-new"
              >
                New run
              </button>
            </div>
          )}
        </section>
      )}
      <ErrorMessage message={error} testId="leads-flow-error" />
    </section>
  );
}
