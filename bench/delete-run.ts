/**
 * The whole backup-then-delete of N prospects through the engine (fresh read,
 * backup written and verified, plan, journaled deletes) against the local
 * sandbox with the vendor's one-request-at-a-time limit enforced ('reject':
 * a second request in flight would be refused with 409).
 *
 * Delete requests are compared with the minimum number of ≤ 4,100-character
 * URLs (performance-facts.md: 272 for 100,000 ten-digit ids); reads (the
 * count, the listing for the backup, the drift check) are reported apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WoodpeckerV1Client } from '../src/main/api/woodpecker-v1/client';
import { executeProspectDelete } from '../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../src/main/delete/v1-prepare';
import { startSandbox } from '../src/main/sandbox';
import { minimumDeleteUrls } from './api-requests';

export interface DeleteRunBench {
  prospects: number;
  deleteRequests: number;
  minimum: number;
  readRequests: number;
  backupSeconds: number;
  deleteSeconds: number;
  maxInFlight: number;
}

export async function benchDeleteRun(n: number): Promise<DeleteRunBench> {
  const sandbox = await startSandbox({
    prospects: n,
    companies: [],
    leads: 0,
    concurrency: 'reject',
  });
  const dir = await mkdtemp(join(tmpdir(), 'prospect-desk-bench-delete-'));
  try {
    const client = new WoodpeckerV1Client(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
      { timeoutMs: 300_000 },
    );
    const ids = [...sandbox.state.prospects().keys()];
    const connection = { id: 'bench', label: 'Bench', kind: 'sandbox' as const };
    let started = performance.now();
    const prepared = await prepareProspectDelete({
      dir,
      runId: 'bench-delete',
      connection,
      client,
      targets: { ids },
    });
    const backupSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const result = await executeProspectDelete({
      dir,
      runId: 'bench-delete',
      connectionId: connection.id,
      client,
      confirmCount: prepared.plan.ids.length,
    });
    const deleteSeconds = (performance.now() - started) / 1000;
    if (result.deleted !== n || sandbox.state.prospects().size !== 0) {
      throw new Error(`deleted ${result.deleted} of ${n}`);
    }
    const deletes = sandbox.log.filter((e) => e.method === 'DELETE').length;
    return {
      prospects: n,
      deleteRequests: deletes,
      minimum: minimumDeleteUrls(`${sandbox.url}/rest/v1/prospects?id=`, ids),
      readRequests: sandbox.log.length - deletes,
      backupSeconds,
      deleteSeconds,
      maxInFlight: sandbox.maxInFlight(),
    };
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}
