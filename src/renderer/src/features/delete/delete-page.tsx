import { useCallback, useState } from 'react';
import type { ConnectionsState } from '../../lib/use-connections';
import { BackupJob } from './backup-job';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { useJob } from '../../lib/use-job';
import { AgencyDeletePanel } from '../delete-agency/agency-panel';
import { agencyStore } from '../delete-agency/agency-store';
import { LeadsDeletePanel } from '../delete-leads/leads-panel';
import { leadsStore } from '../delete-leads/leads-store';
import { useSavedLists } from '../lists/use-saved-lists';
import { woodpeckerConnections } from '../../components/account-select';
import { accountLabel } from './account-ref';
import { DeleteConfirmation } from './delete-confirmation';
import { DeleteResultView } from './delete-result';
import { DeleteRuns } from './delete-runs';
import { useDeleteFlowState } from './flow-store';
import { TargetForm } from './target-form';
import { useDeleteFlow } from './use-delete-flow';
import { useDeleteRuns } from './use-delete-runs';

const MODES = [
  { id: 'prospects', label: 'Prospects' },
  { id: 'agency', label: 'All of a client company' },
  { id: 'leads', label: 'Leads API' },
] as const;
type Mode = (typeof MODES)[number]['id'];

// Back on the page, show the workflow that has a run going.
const initialMode = (): Mode =>
  agencyStore.get().backupJob ? 'agency' : leadsStore.get().backupJob ? 'leads' : 'prospects';

/** The backup error, with what to do; a missing snapshot points to the Account page. */
function backupErrorText(error: { code: string; message: string }): string {
  if (error.code === 'not_found' && /snapshot/i.test(error.message)) {
    return 'This account has no snapshot yet: sync it on the Account page (Alt+3), then back up again. Nothing was deleted.';
  }
  return `${error.message} Nothing was deleted; fix this and back up again.`;
}

/**
 * Backup-then-delete: choose targets, back them up (verified from disk),
 * confirm with the typed count, delete with progress and cancel, and resume
 * or restore any earlier run from its backup.
 */
export function DeletePage({ connections }: { connections: ConnectionsState }) {
  const lists = useSavedLists();
  const runs = useDeleteRuns();
  const { reload } = runs;
  const onJobEnd = useCallback(() => void reload(), [reload]);
  const flow = useDeleteFlow(onJobEnd);
  const runJob = useJob(useDeleteFlowState().runJob?.jobId ?? null);
  // One destructive job at a time from this page: main serialises per account anyway.
  const busy = flow.running || runJob?.state === 'running';
  const usable = woodpeckerConnections(connections.connections);
  const cancel = (jobId: string | null) => jobId && void api.cancelJob({ jobId });
  const prepared = flow.prepared?.ok ? flow.prepared.value : null;
  const result = flow.result?.ok ? flow.result.value : null;
  const summary = usable.find((c) => c.id === flow.account?.connectionId);
  const [mode, setMode] = useState<Mode>(initialMode);

  return (
    <section className="page delete-page" aria-labelledby="delete-title" data-testid="delete-page">
      <h1 id="delete-title">Delete prospects</h1>
      <p className="muted">
        Every delete backs its targets up first; the backup can be restored from the list below.
      </p>
      <div className="segmented delete-modes" role="group" aria-label="What to delete">
        {MODES.map((m) => (
          <button
            key={m.id}
            type="button"
            aria-pressed={mode === m.id}
            onClick={() => setMode(m.id)}
            data-testid={`delete-mode-${m.id}`}
          >
            {m.label}
          </button>
        ))}
      </div>
      {mode === 'agency' && (
        <AgencyDeletePanel connections={connections.connections} onJobEnd={onJobEnd} />
      )}
      {mode === 'leads' && (
        <LeadsDeletePanel connections={connections.connections} onJobEnd={onJobEnd} />
      )}
      {mode === 'prospects' && !prepared && (
        <TargetForm
          connections={usable}
          defaultConnectionId={connections.activeConnectionId}
          lists={lists.lists}
          busy={busy}
          onBackup={(request) => void flow.startBackup(request)}
        />
      )}
      {mode === 'prospects' && flow.backupProgress && !prepared && (
        <BackupJob
          progress={flow.backupProgress}
          jobId={flow.backupJob}
          describeError={backupErrorText}
          testId="delete"
        />
      )}
      {mode === 'prospects' && prepared && (
        <DeleteConfirmation
          key={prepared.runId}
          prepared={prepared}
          accountName={accountLabel(prepared.connection, summary)}
          busy={flow.running || flow.deleteJob !== null}
          onDelete={(count) => void flow.startDelete(count)}
          onStartOver={flow.reset}
        />
      )}
      {mode === 'prospects' && flow.deleteProgress && (
        <section className="card" aria-labelledby="delete-run-title" data-testid="delete-job">
          <h2 id="delete-run-title">3. Delete</h2>
          <ProgressBar progress={flow.deleteProgress} onCancel={() => cancel(flow.deleteJob)} />
          {flow.deleteProgress.state === 'running' && (
            <p className="muted">
              Cancel stops before the next request; the request in flight finishes.
            </p>
          )}
          {result && (
            <DeleteResultView result={result} onResume={() => void flow.resume()} busy={busy} />
          )}
          {flow.deleteProgress.state === 'failed' && (
            <p className="muted">
              The run stopped. Its journal keeps what was done: Resume continues it without deleting
              anything twice.
            </p>
          )}
          <ErrorMessage
            message={flow.deleteProgress.error?.message ?? null}
            testId="delete-error"
          />
          {!busy && (
            <div className="actions">
              {flow.deleteProgress.state === 'failed' && (
                <button type="button" className="button" onClick={() => void flow.resume()}>
                  Resume
                </button>
              )}
              <button
                type="button"
                className="button secondary"
                onClick={flow.reset}
                data-testid="delete-new"
              >
                New delete
              </button>
            </div>
          )}
        </section>
      )}
      <ErrorMessage
        message={
          flow.error ??
          (flow.prepared && !flow.prepared.ok ? flow.prepared.message : null) ??
          (flow.result && !flow.result.ok ? flow.result.message : null)
        }
        testId="delete-flow-error"
      />
      <DeleteRuns state={runs} connections={connections.connections} busy={flow.running} />
    </section>
  );
}
