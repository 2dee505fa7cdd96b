import { mkdir } from 'node:fs/promises';
import type { PlannedRequest } from '../../shared/delete';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readCampaignMembers } from '../api/woodpecker-v1/campaign-members';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import type { FreshReadTargets } from '../api/woodpecker-v1/fresh-read';
import { AppError } from '../app-error';
import type { BackupConnection } from '../backup/backup-manifest';
import { verifyBackup } from '../backup/backup-verifier';
import { writeBackup } from '../backup/backup-writer';
import { runPaths } from './run-files';
import { PLAN_VERSION, planBackupOf } from './run-plan';
import { writePlan } from './v1-plan';
import type { ProspectDeletePlan } from './v1-plan';

export interface PrepareProspectDeleteOptions {
  /** The backups folder. */
  dir: string;
  runId: string;
  /** The account; `origin` (never a key) lets `--key-rotated` match a new key to it later. */
  connection: BackupConnection;
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
 * re-reading it from disk, then write the plan sealed in the backup's
 * manifest (run-plan.ts). Nothing is deleted here; a failed or short read
 * throws and leaves no plan, so it can never turn into "nothing to back up".
 * Targets the account does not have are reported. For a campaign removal,
 * the membership of the prospects found is read too (campaign-members.ts):
 * those in none of the campaigns are backed up but never sent, and reported
 * as not in those campaigns.
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
  // Campaign removal: only prospects in one of the campaigns are sent; the
  // rest are reported as "not in those campaigns", never as removed.
  let notInCampaigns: string[] | undefined;
  let membershipRequests = 0;
  if (campaignIds) {
    const read = await readCampaignMembers(client, ids, campaignIds, {
      total: totalAtBackup,
      signal,
    });
    membershipRequests = read.requests;
    notInCampaigns = ids.filter((id) => !read.members.has(id));
    if (notInCampaigns.length === ids.length) {
      throw new AppError(
        'not_found',
        `None of the ${ids.length} prospects found is in campaign${campaignIds.length > 1 ? 's' : ''} ${campaignIds.join(', ')} of "${connection.label}": nothing to remove.`,
      );
    }
  }
  const backupConnection: BackupConnection = {
    id: connection.id,
    label: connection.label,
    kind: connection.kind,
    ...(connection.companyId !== undefined && { companyId: connection.companyId }),
    ...(connection.origin !== undefined && { origin: connection.origin }),
  };
  const manifest = await writeBackup({
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

  const outside = new Set(notInCampaigns);
  const toSend = ids.filter((id) => !outside.has(id)).map(Number);
  const batches = client.planDeleteRequests(toSend, campaignIds).map((b) => b.map(String));
  const plan: ProspectDeletePlan = {
    version: PLAN_VERSION,
    kind: 'prospects',
    runId,
    createdAt: now().toISOString(),
    connection: backupConnection,
    backup: planBackupOf(manifest),
    targetKind: 'ids' in targets ? 'id' : 'email',
    targets: read.found.size + read.missing.length,
    ids,
    notFound: read.missing,
    ...(campaignIds && { campaignIds, notInCampaigns: notInCampaigns ?? [] }),
    totalAtBackup,
    batches,
  };
  await writePlan(paths, plan);
  return {
    plan,
    requests: batches.map((batch) => ({
      method: 'DELETE',
      url: client.deleteUrl(batch.map(Number), campaignIds),
      targets: batch.length,
    })),
    backup: paths.manifest,
    readRequests: 1 + read.requests + membershipRequests,
  };
}
