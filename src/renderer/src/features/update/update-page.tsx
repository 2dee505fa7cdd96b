import { useCallback, useEffect, useMemo } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import { defaultFileName } from '../../../../shared/update/update-plan';
import { ErrorMessage } from '../../components/error-message';
import type { ConnectionsState } from '../../lib/use-connections';
import { useJob } from '../../lib/use-job';
import { useJobStore } from '../delete-agency/job-store';
import { useEnded } from '../delete-agency/use-ended';
import { useSavedLists } from '../lists/use-saved-lists';
import { useSnapshotInfo } from '../snapshot/use-snapshot-info';
import { woodpeckerConnections } from '../../components/account-select';
import { ApplyForm } from './apply-form';
import { applyResultSchema, parseJobResult, previewResultSchema } from './job-results';
import { PreviewForm } from './preview-form';
import { PreviewRows } from './preview-rows';
import { PreviewSummaryView } from './preview-summary';
import { UpdateResults } from './update-results';
import { UpdateRuns } from './update-runs';
import { updateStore } from './update-store';
import { useUpdateRuns } from './use-update-runs';

/**
 * Snippet updates from a saved list: preview against the account's snapshot,
 * choose what is sent, apply (backed up first), read the results, retry the
 * failed rows or revert. The flow lives in `updateStore`, so a running apply
 * and its results are still here after visiting another page.
 */
export function UpdatePage({ connections }: { connections: ConnectionsState }) {
  const flow = useJobStore(updateStore);
  const lists = useSavedLists();
  const usable = useMemo(
    () => woodpeckerConnections(connections.connections),
    [connections.connections],
  );

  // Defaults: the newest list and the active connection, while nothing valid is chosen.
  useEffect(() => {
    const patch: Partial<typeof flow> = {};
    if (!lists.lists.some((l) => l.id === flow.listId) && lists.lists[0]) {
      patch.listId = lists.lists[0].id;
    }
    if (!usable.some((c) => c.id === flow.connectionId) && usable[0]) {
      const active = usable.find((c) => c.id === connections.activeConnectionId);
      patch.connectionId = (active ?? usable[0]).id;
      patch.companyId = null;
    }
    if (Object.keys(patch).length > 0) updateStore.update(patch);
  }, [lists.lists, usable, flow.listId, flow.connectionId, connections.activeConnectionId]);

  const ref = useMemo<AccountRef | null>(
    () =>
      flow.connectionId === ''
        ? null
        : flow.companyId === null
          ? { connectionId: flow.connectionId }
          : { connectionId: flow.connectionId, companyId: flow.companyId },
    [flow.connectionId, flow.companyId],
  );
  const snapshot = useSnapshotInfo(ref);

  // A finished preview opens; its refresh may have synced, so the age is read again.
  const previewJob = useJob(flow.previewJob);
  const previewed = parseJobResult(previewJob, previewResultSchema);
  useEffect(() => {
    if (!previewed?.ok || updateStore.get().preview?.previewId === previewed.value.previewId)
      return;
    updateStore.update({
      preview: previewed.value,
      summary: previewed.value.summary,
      fileName: defaultFileName(previewed.value.list, new Date()),
    });
  }, [previewed]);
  const { reload } = snapshot;
  useEnded(
    previewJob,
    useCallback(() => void reload(), [reload]),
  );

  const applyJob = useJob(flow.applyJob);
  const applied = parseJobResult(applyJob, applyResultSchema);
  const retryJob = useJob(flow.retryJob);
  const revertJob = useJob(flow.revertJob);
  const busy = [applyJob, retryJob, revertJob].some((j) => j?.state === 'running');
  const preview = flow.preview;

  // Earlier updates: listed again whenever an apply, resume, retry or revert ends.
  const runs = useUpdateRuns();
  const { reload: reloadRunList } = runs;
  const reloadRuns = useCallback(() => void reloadRunList(), [reloadRunList]);
  useEnded(applyJob, reloadRuns);
  useEnded(retryJob, reloadRuns);
  useEnded(revertJob, reloadRuns);
  const runsCard = (
    <UpdateRuns state={runs} flow={flow} connections={connections.connections} busy={busy} />
  );
  // One that stopped before finishing is shown first: it is waiting for the user.
  const interrupted = runs.runs.some((r) => r.status === 'interrupted');

  return (
    <section
      className="page update-page"
      aria-labelledby="update-title"
      data-testid="update-page"
      data-ready={lists.loaded && connections.loaded ? 'true' : 'false'}
    >
      <h1 id="update-title">Update prospects</h1>
      <p className="muted">
        Send a saved list&apos;s values (snippets, status, any mapped field) to the prospects with
        the same email. Preview first; nothing is sent until you apply.
      </p>
      <ErrorMessage message={lists.error ?? connections.error} testId="update-load-error" />
      {interrupted && runsCard}
      <PreviewForm
        flow={flow}
        lists={lists.lists}
        connections={usable}
        snapshot={snapshot}
        busy={busy}
      />
      <ErrorMessage message={previewed && !previewed.ok ? previewed.message : null} />
      {preview && flow.summary && (
        <>
          <PreviewSummaryView
            previewId={preview.previewId}
            summary={flow.summary}
            kinds={flow.kinds}
            disabled={flow.applyJob !== null}
          />
          <PreviewRows
            previewId={preview.previewId}
            kinds={flow.kinds}
            rowsVersion={flow.rowsVersion}
            disabled={flow.applyJob !== null}
          />
          <ApplyForm flow={flow} included={flow.summary.included} />
        </>
      )}
      <ErrorMessage message={applied && !applied.ok ? applied.message : null} />
      {applied?.ok && <UpdateResults flow={flow} result={applied.value} />}
      {!interrupted && runsCard}
    </section>
  );
}
