/**
 * Account snapshot: a full sync of N prospects from the local sandbox (real
 * HTTP, pages of 1,000: the minimum is ceil(N / 1000) requests), then loading
 * the snapshot file (goal: 1M prospects in ≤ 3 s) and the V8 heap the open
 * view keeps (rows stay encoded outside the heap).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WoodpeckerV1Client } from '../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../src/main/sandbox';
import { SnapshotStore } from '../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../src/main/snapshot/snapshot-view';
import { syncSnapshot } from '../src/main/snapshot/sync-snapshot';

export interface SnapshotBenchResult {
  prospects: number;
  syncRequests: number;
  minimumRequests: number;
  syncSeconds: number;
  fileMb: number;
  loadMs: number;
  /** V8 heap held by the open view (after GC when `--expose-gc` is on). */
  heapMb: number;
  /** Memory outside the V8 heap held by the view (the file's bytes and typed arrays). */
  externalMb: number;
  /** Mean time of a byEmail lookup, in microseconds. */
  lookupUs: number;
  /**
   * Longest pause between one list request's answer and the next request
   * (the client's own time: parsing the page, saving it). Requests go one at
   * a time, so pauses add straight to the wall time.
   */
  maxGapMs: number;
}

export async function benchSnapshot(n: number): Promise<SnapshotBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'prospect-desk-bench-snapshot-'));
  const sandbox = await startSandbox({ prospects: n, companies: [], leads: 0 });
  try {
    const client = new WoodpeckerV1Client(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
      { timeoutMs: 300_000 },
    );
    const store = new SnapshotStore(dataDir, { connectionId: 'bench' });
    const syncStarted = performance.now();
    const result = await syncSnapshot({ store, client, mode: 'full' });
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    if (result.meta.count !== n) throw new Error(`synced ${result.meta.count} of ${n}`);
    const emails = [...sandbox.state.prospects().values()]
      .filter((_, i) => i % Math.max(1, Math.floor(n / 10_000)) === 0)
      .map((p) => p.email.toUpperCase());
    const fileMb = (await stat(store.snapshotPath)).size / 1024 ** 2;
    const gets = sandbox.log.filter((e) => e.method === 'GET');
    const maxGapMs = gets.reduce(
      (max, e, i) => (i === 0 ? max : Math.max(max, e.startedAt - gets[i - 1]!.endedAt)),
      0,
    );
    await sandbox.close();

    collectGarbage();
    const before = process.memoryUsage();
    const loadStarted = performance.now();
    const view = await openSnapshot(store);
    const loadMs = performance.now() - loadStarted;
    if (!view || view.size !== n) throw new Error('the snapshot did not load');
    collectGarbage();
    const after = process.memoryUsage();
    const heapMb = (after.heapUsed - before.heapUsed) / 1024 ** 2;
    const externalMb = (after.arrayBuffers - before.arrayBuffers) / 1024 ** 2;

    const lookupStarted = performance.now();
    for (const email of emails) {
      if (!view.byEmail(email)) throw new Error(`${email} not found`);
    }
    const lookupUs = ((performance.now() - lookupStarted) * 1000) / emails.length;
    return {
      prospects: n,
      syncRequests: result.requests,
      minimumRequests: Math.ceil(n / 1000),
      syncSeconds,
      fileMb: Math.round(fileMb),
      loadMs: Math.round(loadMs),
      heapMb: Math.round(heapMb * 10) / 10,
      externalMb: Math.round(externalMb),
      lookupUs: Math.round(lookupUs * 10) / 10,
      maxGapMs: Math.round(maxGapMs),
    };
  } finally {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
