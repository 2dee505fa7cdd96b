import { WRITABLE_PROSPECT_FIELDS } from '../../shared/prospect';
import { ApiError } from '../api/http/api-error';
import type { ProspectUpdate, WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { MAX_UPDATE_PROSPECTS } from '../api/woodpecker-v1/client';
import { toProspect } from '../api/woodpecker-v1/map';
import { WoodpeckerProspectWire } from '../api/woodpecker-v1/schemas';
import { AppError } from '../app-error';
import { withRunChange } from '../api/http/account-queue';
import { verifyBackupForRestore } from '../backup/backup-verifier';
import { fileLines, parseObjectLine } from '../backup/file-lines';
import { runPaths } from './run-files';
import { assertRunAccount } from './run-account';
import { readManifest } from './run-plan';

export interface RestoreProspectsOptions {
  dir: string;
  runId: string;
  /**
   * The account the caller holds a key for: must be the backup's (refused
   * before any request otherwise; run-account.ts).
   */
  connectionId: string;
  client: WoodpeckerV1Client;
  /** Import name shown in Woodpecker; default "Prospect Desk restore · <runId>". */
  fileName?: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}

export interface RestoreFailure {
  email: string;
  code: string;
  message: string;
}

export interface RestoreResult {
  runId: string;
  /** Records in the backup. */
  records: number;
  restored: number;
  failed: number;
  requests: number;
  failures: RestoreFailure[];
}

/**
 * What a restore cannot bring back, said before the user starts: Woodpecker
 * gives re-added prospects new ids, and the API has no way to restore
 * campaign membership, sent emails, opens or replies.
 */
export const RESTORE_LIMITS =
  'Restored prospects get new ids. Campaign membership, history (emails sent, opens, replies) and the links Woodpecker sets itself (CRM organisation, snippet labels) cannot be restored through the API.';

/**
 * Re-adds a verified backup's prospects with `add_prospects_list`
 * (`update: true`, so a prospect restored twice is updated, not duplicated).
 * Every writable field comes back exactly as backed up. A request whose
 * outcome is unknown is sent once more: re-sending the same values is
 * harmless here, unlike a delete.
 */
export async function restoreProspects(options: RestoreProspectsOptions): Promise<RestoreResult> {
  const paths = runPaths(options.dir, options.runId);
  return withRunChange(
    paths.lock,
    `Restore of run ${options.runId}`,
    options.client.accountKey,
    options.signal,
    (signal) => restoreLocked({ ...options, signal }),
  );
}

async function restoreLocked(options: RestoreProspectsOptions): Promise<RestoreResult> {
  const { dir, runId, client, signal } = options;
  const paths = runPaths(dir, runId);
  // Before any request: a backup restores into its own account only.
  const { manifest } = await readManifest(paths.manifest);
  assertRunAccount(runId, manifest.connection, options.connectionId);
  const backup = await verifyBackupForRestore({ dir, runId, connectionId: options.connectionId });
  const fileName = options.fileName ?? `Prospect Desk restore · ${runId}`;
  const batchSize = Math.min(options.batchSize ?? MAX_UPDATE_PROSPECTS, MAX_UPDATE_PROSPECTS);
  const result: RestoreResult = {
    runId,
    records: backup.size,
    restored: 0,
    failed: 0,
    requests: 0,
    failures: [],
  };

  let batch: ProspectUpdate[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    signal?.throwIfAborted();
    const outcomes = await sendOnceMore(client, batch, fileName, result);
    for (const outcome of outcomes) {
      if (outcome.ok) result.restored++;
      else {
        result.failed++;
        result.failures.push({
          email: outcome.email,
          code: outcome.code,
          message: outcome.message,
        });
      }
    }
    options.onProgress?.({ done: result.restored + result.failed, total: result.records });
    batch = [];
  };
  for await (const line of fileLines(paths.jsonl)) {
    const record = parseObjectLine(line.bytes);
    if (!record) throw new AppError('conflict', `${paths.jsonl} changed during the restore.`);
    batch.push(toRestoreUpdate(record));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return result;
}

/** The writable fields of a backed-up API object, as `add_prospects_list` takes them. */
export function toRestoreUpdate(record: Record<string, unknown>): ProspectUpdate {
  const prospect = toProspect(WoodpeckerProspectWire.parse(record));
  const update: ProspectUpdate = { email: prospect.email };
  for (const field of WRITABLE_PROSPECT_FIELDS) {
    const value = prospect[field];
    if (value !== undefined && value !== null) update[field] = String(value);
  }
  return update;
}

async function sendOnceMore(
  client: WoodpeckerV1Client,
  prospects: ProspectUpdate[],
  fileName: string,
  result: RestoreResult,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      result.requests++;
      return (await client.updateProspects({ prospects, fileName })).outcomes;
    } catch (error) {
      if (attempt >= 2 || !(error instanceof ApiError && error.outcomeUnknown)) throw error;
    }
  }
}
