import { randomBytes } from 'node:crypto';
import type { DeleteRunInfo, PreparedDelete } from '../../shared/delete';
import type { FreshReadTargets } from '../api/woodpecker-v1/fresh-read';
import { AppError } from '../app-error';
import { woodpeckerAccount } from '../connections/woodpecker-account';
import type { ListFiles } from '../lists/list-files';
import { listEmails } from '../lists/list-targets';
import type { SnapshotService } from '../snapshot/snapshot-service';
import type { SnapshotFilter } from '../../shared/snapshot';
import { verifyBackup } from '../backup/backup-verifier';
import { assertConfirmedSet } from './delete-gate';
import { listDeleteRuns } from './delete-runs';
import { backupProgress, RunService } from './run-service';
import type { Progress, RunServiceDeps } from './run-service';
import { newRunId, runHistoryFiles, runPaths } from './run-files';
import { executeProspectDelete } from './v1-execute';
import type { ProspectDeleteResult } from './v1-execute';
import { readPlan } from './v1-plan';
import { prepareProspectDelete } from './v1-prepare';
import { restoreProspects } from './v1-restore';
import type { RestoreResult } from './v1-restore';

export type DeleteSource =
  | { kind: 'list'; listId: string }
  | { kind: 'ids'; ids: number[] }
  | { kind: 'emails'; emails: string[] }
  | { kind: 'snapshot'; filter: SnapshotFilter };

export interface AccountRef {
  connectionId: string;
  companyId?: number;
}

/** How many planned requests the confirmation shows in full. */
const SHOWN_REQUESTS = 5_000;

/**
 * The app's v1 delete workflow over the engine (v1-prepare / v1-execute /
 * v1-restore): resolves connections and lists, names runs, and records each
 * execution and restore in the history. The gate itself is in the engine,
 * so the CLI and this service cannot differ on it.
 */
export class DeleteService extends RunService<
  RunServiceDeps & { lists: ListFiles; snapshots: SnapshotService }
> {
  async prepare(
    input: AccountRef & { source: DeleteSource; campaignIds?: number[] },
    signal: AbortSignal,
    report: Progress,
  ): Promise<PreparedDelete> {
    const { client, connection } = await this.account(input);
    const record = this.deps.connections.get(input.connectionId);
    const targets = await this.targets(input, input.source);
    const runId = newRunId('del', new Date(), randomBytes(3).toString('hex'));
    const prepared = await prepareProspectDelete({
      dir: this.dir,
      runId,
      // The origin (never the key) lets the CLI take a rotated key of this account.
      connection: { ...connection, ...(record.kind !== 'sandbox' && { origin: record.baseUrl }) },
      client,
      targets,
      ...(input.campaignIds?.length && { campaignIds: input.campaignIds }),
      signal,
      onProgress: backupProgress(report, 'prospects'),
    });
    const { plan } = prepared;
    const paths = runPaths(this.dir, runId);
    return {
      runId,
      connection: { id: connection.id, label: connection.label, ...companyOf(input) },
      targets: plan.targets,
      backedUp: plan.ids.length,
      notFound: plan.notFound.slice(0, 100),
      notFoundCount: plan.notFound.length,
      ...(plan.campaignIds && {
        campaignIds: plan.campaignIds,
        notInCampaigns: (plan.notInCampaigns ?? []).slice(0, 100),
        notInCampaignsCount: plan.notInCampaigns?.length ?? 0,
      }),
      ids: plan.ids,
      requests: prepared.requests.slice(0, SHOWN_REQUESTS),
      backup: { manifest: paths.manifest, jsonl: paths.jsonl, csv: paths.csv },
    };
  }

  /**
   * The gate, before a delete job starts: the typed count and the confirmed
   * ids must be the run's delete set, and its backup must verify from disk.
   */
  async checkGate(input: AccountRef & { runId: string; confirmCount: number; ids?: string[] }) {
    const { connection } = await this.account(input);
    const plan = await readPlan(runPaths(this.dir, input.runId).plan);
    if (plan.connection.id !== connection.id) {
      throw new AppError('conflict', `Run ${input.runId} was backed up from another account.`);
    }
    assertConfirmedSet(plan.ids, input.ids, input.confirmCount);
    await verifyBackup({
      dir: this.dir,
      runId: input.runId,
      expectedIds: plan.ids,
      connectionId: connection.id,
    });
  }

  async execute(
    input: AccountRef & { runId: string; confirmCount: number; ids?: string[] },
    signal: AbortSignal,
    report: Progress,
  ): Promise<ProspectDeleteResult> {
    const startedAt = new Date().toISOString();
    const { client, connection } = await this.account(input);
    const plan = await readPlan(runPaths(this.dir, input.runId).plan);
    const result = await executeProspectDelete({
      dir: this.dir,
      runId: input.runId,
      connectionId: connection.id,
      client,
      confirmCount: input.confirmCount,
      ...(input.ids && { ids: input.ids }),
      signal,
      onProgress: (p) => report(p.done, p.total, `Deleted ${p.done} of ${p.total}`),
    });
    const unresolved = result.failed + result.unknown + result.pending;
    await this.deps.history.append({
      kind: 'delete',
      state: unresolved === 0 ? 'succeeded' : result.deleted > 0 ? 'incomplete' : 'failed',
      startedAt,
      finishedAt: new Date().toISOString(),
      connection: { id: connection.id, label: connection.label, ...companyOf(input) },
      runId: input.runId,
      counts: {
        targets: result.targets,
        deleted: result.deleted,
        notFound: result.notFound,
        ...(plan.campaignIds && { notInCampaigns: result.notInCampaigns }),
        failed: result.failed,
        unknown: result.unknown,
        pending: result.pending,
        requests: result.requests,
      },
      files: runHistoryFiles(runPaths(this.dir, input.runId)),
      backup: result.backup,
      message:
        [
          result.lockNote,
          result.message ??
            (plan.campaignIds
              ? `Removed from campaigns ${plan.campaignIds.join(', ')}`
              : undefined),
        ]
          .filter(Boolean)
          .join(' ') || undefined,
    });
    return result;
  }

  async restore(
    input: AccountRef & { runId: string },
    signal: AbortSignal,
    report: Progress,
  ): Promise<RestoreResult> {
    const startedAt = new Date().toISOString();
    const { client, connection } = await this.account(input);
    const result = await restoreProspects({
      dir: this.dir,
      runId: input.runId,
      connectionId: connection.id,
      client,
      signal,
      onProgress: (p) => report(p.done, p.total, `Restored ${p.done} of ${p.total}`),
    });
    await this.deps.history.append({
      kind: 'restore',
      state: result.failed === 0 ? 'succeeded' : result.restored > 0 ? 'incomplete' : 'failed',
      startedAt,
      finishedAt: new Date().toISOString(),
      connection: { id: connection.id, label: connection.label, ...companyOf(input) },
      runId: input.runId,
      counts: { records: result.records, restored: result.restored, failed: result.failed },
      files: runHistoryFiles(runPaths(this.dir, input.runId)),
      backup: runPaths(this.dir, input.runId).manifest,
    });
    return result;
  }

  runs(): Promise<DeleteRunInfo[]> {
    return listDeleteRuns(this.dir);
  }

  private account(ref: AccountRef) {
    return woodpeckerAccount(this.deps.connections, ref, 'Deleting prospects');
  }

  private async targets(ref: AccountRef, source: DeleteSource): Promise<FreshReadTargets> {
    switch (source.kind) {
      case 'ids':
        return { ids: source.ids };
      case 'emails':
        return { emails: source.emails };
      case 'snapshot':
        // The snapshot only picks the ids: the backup still reads them fresh.
        return { ids: await this.deps.snapshots.ids(ref, source.filter) };
      case 'list': {
        const meta = await this.deps.lists.meta(source.listId);
        return { emails: (await listEmails(this.deps.dataDir, meta)).emails };
      }
    }
  }
}

function companyOf(ref: AccountRef): { companyId?: number } {
  return ref.companyId === undefined ? {} : { companyId: ref.companyId };
}
