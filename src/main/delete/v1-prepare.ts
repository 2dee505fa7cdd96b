import { mkdir } from 'node:fs/promises';
import type { PlannedRequest } from '../../shared/delete';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import type { FreshReadTargets } from '../api/woodpecker-v1/fresh-read';
import { AppError } from '../app-error';
import type { BackupConnection } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import { runPaths } from './run-files';
import { writePlan } from './v1-plan';
import type { ProspectDeletePlan } from './v1-plan';

export interface PrepareProspectDeleteOptions {
  /** The backups folder. */
  dir: string;
  runId: string;
  connection: BackupConnection & { companyId?: number };
  client: WoodpeckerV1Client;
  /** Prospect ids (from a list or a snapshot filter) or emails (from a list). */
  targets: FreshReadTargets;
  /** Remove from these campaigns only, instead of deleting globally. */
  campaignIds?: readonly number[];
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'read' | 'backup'; done: number; total: number | null }) => void;
  now?: () => Date;
}

export interface PreparedProspectDelete {
  plan: ProspectDeletePlan;
  /** The requests a run would send, in order: the dry run. */
  requests: PlannedRequest[];
  /** The verified backup's manifest. */
  backup: string;
  /** Extra reads the preparation made. */
  readRequests: number;
}

/**
 * Step one of every v1 delete, in main: read the targets fresh from the API
 * (never the snapshot), write their exact objects to a backup, verify it by
 * re-reading it from disk, then write the plan. Nothing is deleted here; a
 * failed or short read throws and leaves no plan, so it can never turn into
 * "nothing to back up". Targets the account does not have are reported.
 */
export async function prepareProspectDelete(
  options: PrepareProspectDeleteOptions,
): Promise<PreparedProspectDelete> {
  const { dir, runId, connection, client, targets, signal, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const campaignIds = options.campaignIds?.length ? [...options.campaignIds] : undefined;
  const paths = runPaths(dir, runId);
  await mkdir(dir, { recursive: true });

  // The total first: the drift check compares it just before deleting.
  const totalAtBackup = await client.countProspects(signal);
  const read = await readProspectsFresh(client, targets, {
    signal,
    total: totalAtBackup,
    onProgress: (p) => onProgress?.({ phase: 'read', ...p }),
  });
  const records = [...read.found.values()];
  if (records.length === 0) {
    throw new AppError(
      'not_found',
      `None of the ${read.missing.length} targets exist in "${connection.label}": nothing to delete.`,
      { notFound: read.missing.slice(0, 100) },
    );
  }
  const ids = records.map((r) => String(r.prospect.id));
  if (new Set(ids).size !== ids.length) {
    // Two emails of a list can name the same prospect only if the API says so.
    throw new AppError('conflict', 'The account answered the same prospect twice: try again.');
  }
  const backupConnection: BackupConnection = {
    id: connection.id,
    label: connection.label,
    kind: connection.kind,
  };
  await writeBackup({
    dir,
    runId,
    connection: backupConnection,
    records: records.map((r) => r.raw),
    expectedIds: ids,
    signal,
    now,
  });
  onProgress?.({ phase: 'backup', done: ids.length, total: ids.length });
  await verifyBackup({ dir, runId, expectedIds: ids, connectionId: connection.id });

  const numericIds = ids.map(Number);
  const batches = client.planDeleteRequests(numericIds, campaignIds).map((b) => b.map(String));
  const plan: ProspectDeletePlan = {
    version: 1,
    kind: 'prospects',
    runId,
    createdAt: now().toISOString(),
    connection: {
      ...backupConnection,
      ...(connection.companyId && { companyId: connection.companyId }),
    },
    targetKind: 'ids' in targets ? 'id' : 'email',
    targets: read.found.size + read.missing.length,
    ids,
    notFound: read.missing,
    ...(campaignIds && { campaignIds }),
    totalAtBackup,
    batches,
  };
  await writePlan(paths.plan, plan);
  return {
    plan,
    requests: batches.map((batch) => ({
      method: 'DELETE',
      url: client.deleteUrl(batch.map(Number), campaignIds),
      targets: batch.length,
    })),
    backup: paths.manifest,
    readRequests: 1 + read.requests,
  };
}
