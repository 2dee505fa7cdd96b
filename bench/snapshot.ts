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
import { SnapshotStore } from '../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../src/main/snapshot/snapshot-view';
import { syncSnapshot } from '../src/main/snapshot/sync-snapshot';
import { startSandboxProcess } from './sandbox-process';

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
   * Median and longest pause between one list request's answer and the next
   * request, as the sandbox (in a process of its own, like a remote account)
   * saw them. The sync asks for page N + 1 as soon as page N is parsed and
   * stores page N meanwhile, so the pause is the client reading the answer
   * (receive, JSON.parse, schema check of 1,000 prospects) and any garbage
   * collection in the client.
   */
  medianGapMs: number;
  maxGapMs: number;
}

export async function benchSnapshot(n: number): Promise<SnapshotBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'prospect-desk-bench-snapshot-'));
  const sandbox = await startSandboxProcess({ prospects: n, companies: [], leads: 0 });
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
    const fileMb = (await stat(store.snapshotPath)).size / 1024 ** 2;
    const gets = await sandbox.gets();
    const gaps = gets.slice(1).map((e, i) => e.startedAt - gets[i]!.endedAt);
    gaps.sort((a, b) => a - b);
    const medianGapMs = gaps[gaps.length >> 1] ?? 0;
    const maxGapMs = gaps.at(-1) ?? 0;
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

    // Every nth prospect, asked for in capitals (lookups are case-insensitive).
    const step = Math.max(1, Math.floor(n / 10_000));
    const emails: string[] = [];
    for (let i = 0; i < view.size; i += step) emails.push(view.get(i).email.toUpperCase());
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
      medianGapMs: Math.round(medianGapMs),
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
