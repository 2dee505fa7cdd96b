import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/main/api/http/api-error';
import { AppError } from '../../../src/main/app-error';
import { BackupVerificationError } from '../../../src/main/backup/backup-errors';
import { readJournal } from '../../../src/main/backup/journal';
import { runPaths } from '../../../src/main/delete/run-files';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { MAX_DELETE_URL_LENGTH } from '../../../src/shared/delete-url-packing';
import { rejectionOf } from '../api/support';
import { makeTempDir } from '../../support/temp-dir';
import { CONNECTION, deletedIds, deletes, liveIds, v1Client } from './v1-delete-fixtures';

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 3_000, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  ({ dir, cleanup } = await makeTempDir());
  return cleanup;
});

const prepare = (ids: number[], extra: { campaignIds?: number[]; runId?: string } = {}) =>
  prepareProspectDelete({
    dir,
    runId: extra.runId ?? 'run-1',
    connection: CONNECTION,
    client: v1Client(sandbox),
    targets: { ids },
    ...(extra.campaignIds && { campaignIds: extra.campaignIds }),
  });

const execute = (confirmCount: number, extra: { ids?: string[]; runId?: string } = {}) =>
  executeProspectDelete({
    dir,
    runId: extra.runId ?? 'run-1',
    connectionId: CONNECTION.id,
    client: v1Client(sandbox),
    confirmCount,
    ...(extra.ids && { ids: extra.ids }),
  });

describe('v1 prospect delete', () => {
  it('backs up, then deletes exactly the targets in the fewest URLs, reporting the missing', async () => {
    const targets = liveIds(sandbox).slice(0, 1_000);
    const prepared = await prepare([...targets, 999_999_999]);
    expect(deletes(sandbox)).toHaveLength(0);
    expect(prepared.plan.notFound).toEqual(['999999999']);
    expect(prepared.requests.every((r) => r.url.length <= MAX_DELETE_URL_LENGTH)).toBe(true);
    expect(prepared.requests.reduce((n, r) => n + r.targets, 0)).toBe(1_000);

    const result = await execute(1_000);
    expect(result).toMatchObject({
      state: 'finished',
      targets: 1_001,
      backedUp: 1_000,
      deleted: 1_000,
      notFound: 1,
      failed: 0,
      unknown: 0,
      pending: 0,
    });
    expect(deletes(sandbox)).toHaveLength(prepared.requests.length);
    expect(deletes(sandbox).map((e) => e.url)).toEqual(prepared.requests.map((r) => r.url));
    expect(deletedIds(sandbox).sort()).toEqual(targets.map(String).sort());
    expect(liveIds(sandbox)).toHaveLength(2_000);
  });

  it('resolves emails from a list to ids, case-insensitively', async () => {
    const [a, b] = [...sandbox.state.prospects().values()];
    const prepared = await prepareProspectDelete({
      dir,
      runId: 'run-emails',
      connection: CONNECTION,
      client: v1Client(sandbox),
      targets: { emails: [a!.email.toUpperCase(), b!.email, 'gone@example.com'] },
    });
    expect(prepared.plan.ids.sort()).toEqual([String(a!.id), String(b!.id)].sort());
    expect(prepared.plan.notFound).toEqual(['gone@example.com']);
  });

  it('refuses a wrong typed count or ids outside the backup, sending nothing', async () => {
    const targets = liveIds(sandbox).slice(0, 5);
    await prepare(targets);
    expect(await rejectionOf(execute(4))).toMatchObject({ code: 'validation' });
    const outside = [...targets.slice(1).map(String), String(liveIds(sandbox)[10])];
    expect(await rejectionOf(execute(5, { ids: outside }))).toMatchObject({ code: 'conflict' });
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it('refuses to delete when the backup fails verification (a flipped byte)', async () => {
    await prepare(liveIds(sandbox).slice(0, 5));
    const { jsonl } = runPaths(dir, 'run-1');
    const bytes = await readFile(jsonl);
    bytes[10] = bytes[10]! ^ 0x01;
    await writeFile(jsonl, bytes);
    expect(await rejectionOf(execute(5))).toBeInstanceOf(BackupVerificationError);
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it('refuses to delete when a backup line was dropped', async () => {
    await prepare(liveIds(sandbox).slice(0, 5));
    const { jsonl } = runPaths(dir, 'run-1');
    const lines = (await readFile(jsonl, 'utf8')).split('\n');
    await writeFile(jsonl, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    expect(await rejectionOf(execute(5))).toBeInstanceOf(BackupVerificationError);
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it("refuses to delete when the manifest is another run's", async () => {
    const targets = liveIds(sandbox).slice(0, 5);
    await prepare(targets, { runId: 'run-old' });
    await prepare(targets);
    const paths = (runId: string) => runPaths(dir, runId);
    await writeFile(paths('run-1').manifest, await readFile(paths('run-old').manifest));
    const error = await rejectionOf(execute(5));
    expect(error).toMatchObject({ code: 'stale-manifest' });
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it('refuses a plan widened after the backup', async () => {
    const targets = liveIds(sandbox).slice(0, 5);
    await prepare(targets);
    const { plan } = runPaths(dir, 'run-1');
    const json = JSON.parse(await readFile(plan, 'utf8'));
    const extra = String(liveIds(sandbox)[100]);
    json.ids.push(extra);
    json.batches[0].push(extra);
    await writeFile(plan, JSON.stringify(json));
    expect(await rejectionOf(execute(6))).toBeInstanceOf(BackupVerificationError);
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it('stops before deleting when a target vanished since the backup', async () => {
    const targets = liveIds(sandbox).slice(0, 5);
    await prepare(targets);
    await v1Client(sandbox).deleteBatch([targets[0]!]); // deleted elsewhere
    const error = await rejectionOf(execute(5));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/gone since the backup/);
    expect(deletes(sandbox)).toHaveLength(1);
  });

  it('only removes campaign membership when campaigns are given', async () => {
    const member = liveIds(sandbox).find(
      (id) => (sandbox.state.hidden(id)?.campaigns.length ?? 0) > 0,
    )!;
    const campaign = sandbox.state.hidden(member)!.campaigns[0]!;
    await prepare([member], { campaignIds: [campaign] });
    const result = await execute(1);
    expect(result.deleted).toBe(1);
    expect(sandbox.state.prospects().has(member)).toBe(true);
    expect(sandbox.state.hidden(member)!.campaigns).not.toContain(campaign);
    expect(deletes(sandbox)[0]!.url).toContain(`&campaigns_id=${campaign}`);
  });

  it('reconciles a delete whose answer was lost instead of re-sending it', async () => {
    const targets = liveIds(sandbox).slice(0, 800); // 3 batches
    await prepare(targets);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    const result = await execute(800);
    expect(result).toMatchObject({ state: 'finished', deleted: 800, unknown: 0 });
    // The lost answer was applied: re-listing found nothing left, so no re-send.
    expect(deletes(sandbox).filter((e) => e.applied)).toHaveLength(result.batches.length);
    expect(new Set(deletedIds(sandbox)).size).toBe(800);
  });

  it('re-sends a batch whose request never reached the account', async () => {
    const targets = liveIds(sandbox).slice(0, 10);
    await prepare(targets);
    // A hang never applies; the client times out and cannot know that.
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'hang' } });
    const result = await executeProspectDelete({
      dir,
      runId: 'run-1',
      connectionId: CONNECTION.id,
      client: v1Client(sandbox, { timeoutMs: 200 }),
      confirmCount: 10,
    });
    expect(result).toMatchObject({ state: 'finished', deleted: 10 });
    expect(result.batches[0]!.sends).toBe(2);
    expect(liveIds(sandbox).some((id) => targets.includes(id))).toBe(false);
  });

  it('stops on a failure that certainly applied nothing, and resume retries it', async () => {
    const targets = liveIds(sandbox).slice(0, 800);
    await prepare(targets);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 403 } });
    const first = await execute(800);
    expect(first.state).toBe('stopped');
    expect(first.failed).toBeGreaterThan(0);
    expect(first.deleted).toBe(0);
    const second = await execute(800);
    expect(second).toMatchObject({ state: 'finished', deleted: 800, failed: 0 });
  });

  it('stops when the re-listing fails, leaving the batch unknown for a resume', async () => {
    const targets = liveIds(sandbox).slice(0, 10);
    await prepare(targets);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    // The drift check's count passes; every read after the lost answer fails.
    sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'latency', ms: 0 } });
    sandbox.faults.add({
      match: { method: 'GET' },
      fault: { kind: 'status', status: 500 },
      times: 50,
    });
    const error = await rejectionOf(execute(10));
    expect(error).toBeInstanceOf(ApiError);
    const journal = await readJournal(runPaths(dir, 'run-1').journal);
    expect(journal.entries.map((e) => e.type)).toEqual(['intent', 'sent']);
    sandbox.faults.clear();
    const resumed = await execute(10);
    expect(resumed).toMatchObject({ state: 'finished', deleted: 10 });
    expect(deletes(sandbox)).toHaveLength(1); // reconciled, never re-sent
  });

  it('cancels between requests and resumes where it stopped', async () => {
    const targets = liveIds(sandbox).slice(0, 1_500);
    await prepare(targets);
    const controller = new AbortController();
    const first = await executeProspectDelete({
      dir,
      runId: 'run-1',
      connectionId: CONNECTION.id,
      client: v1Client(sandbox),
      confirmCount: 1_500,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    expect(first.state).toBe('cancelled');
    expect(first.pending).toBeGreaterThan(0);
    const second = await execute(1_500);
    expect(second).toMatchObject({ state: 'finished', deleted: 1_500 });
    // Every batch went out exactly once across both runs.
    expect(deletes(sandbox)).toHaveLength(second.batches.length);
    expect(second.batches.every((b) => b.sends === 1)).toBe(true);
  });
});
