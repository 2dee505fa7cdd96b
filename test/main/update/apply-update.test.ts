import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlannedRow } from '../../../src/shared/update/update-types';
import { verifyBackup } from '../../../src/main/backup/backup-verifier';
import { readRun } from '../../../src/main/update/update-files';
import { readOutcomes } from '../../../src/main/update/run-outcomes';
import type { Sandbox, SandboxProspect } from '../../../src/main/sandbox/types';
import { rejectionOf } from '../api/support';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  FILE_NAME,
  plainProspects,
  previewCsv,
  resultLines,
  sandboxClient,
  standardList,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

const copyState = () =>
  new Map([...sandbox.state.prospects()].map(([id, p]) => [id, { ...p } as SandboxProspect]));

/** What a prospect should look like once a planned row is applied (snipetN mirrors snippetN). */
function expectedAfter(before: SandboxProspect, row: PlannedRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...before };
  for (const change of row.changes) {
    out[change.field] = change.new;
    const legacy = /^snippet([1-4])$/.exec(change.field);
    if (legacy) out[`snipet${legacy[1]}`] = change.new;
  }
  delete out.updated;
  return out;
}

describe('applyUpdate', () => {
  it('leaves the account exactly as previewed and every row in one result file', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
      const planned = await preview.plannedRows();
      const before = copyState();
      const result = await applyPreview(client, preview, dir);

      expect(result.counts).toEqual({
        added: 2,
        updated: 3,
        unchanged: 1,
        invalid: 2,
        failed: 0,
        unknown: 0,
      });
      const after = sandbox.state.prospects();
      expect(after.size).toBe(before.size + 2);
      const byEmail = new Map(planned.map((p) => [p.update.email.toLowerCase(), p]));
      for (const [id, old] of before) {
        const now = after.get(id)!;
        const row = byEmail.get(old.email.toLowerCase());
        if (!row) {
          expect(now).toEqual(old); // untouched, `updated` included
          continue;
        }
        const { updated, ...rest } = now;
        expect(rest).toEqual(expectedAfter(old, row));
        expect(updated).not.toBe(old.updated);
        expect(sandbox.state.hidden(id)?.file_name).toBe(FILE_NAME);
      }
      for (const row of planned.filter((p) => p.kind === 'new')) {
        const added = [...after.values()].find((p) => p.email === row.update.email)!;
        for (const change of row.changes) expect(added[change.field]).toBe(change.new);
      }

      // Every list row in exactly one file; only the invalid and duplicate rows are errors.
      const success = await resultLines(result.files.success);
      const errors = await resultLines(result.files.errors);
      expect(success.map((l) => [l.row, l.outcome])).toEqual([
        [2, 'updated'],
        [3, 'updated'],
        [4, 'updated'],
        [5, 'unchanged'],
        [6, 'added'],
        [7, 'added'],
      ]);
      expect(errors.map((l) => [l.row, l.code])).toEqual([
        [8, 'INVALID_ROW'],
        [9, 'DUPLICATE_ROW'],
      ]);
      expect((await readOutcomes(dir)).map((o) => o.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

      const run = await readRun(dir);
      expect(run).toMatchObject({
        runId: 'upd-test-1',
        fileName: FILE_NAME,
        connection: { id: 'sandbox', kind: 'sandbox' },
        version: 2,
        planned: { count: 5 },
        skipped: { count: 3 },
        outcomes: { count: 8 },
        backupCount: 3,
        backup: 'upd-test-1.manifest.json',
        counts: result.counts,
        requests: result.requests,
      });
    });
  });

  it('backs up the prospects about to change, verified, before the first update request', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const [a, b, c] = existing;
      const preview = await previewCsv(client, standardList(existing));
      const manifest = join(dir, 'upd-test-1.manifest.json');
      const atSend: { manifest: boolean; updates: number; logged: number }[] = [];
      const progress: number[] = [];
      const result = await applyPreview(client, preview, dir, {
        batchSize: 2,
        onPhase: (phase) => {
          if (phase === 'send') {
            atSend.push({
              manifest: existsSync(manifest),
              updates: updateRequests(sandbox).length,
              logged: sandbox.log.length,
            });
          }
        },
        onProgress: (p) => progress.push(p.done),
      });
      // The backup was complete on disk before anything was sent…
      expect(atSend).toEqual([{ manifest: true, updates: 0, logged: atSend[0]!.logged }]);
      const firstUpdate = sandbox.log.findIndex((e) => e.path === '/rest/v1/add_prospects_list');
      expect(firstUpdate).toBe(atSend[0]!.logged);
      expect(sandbox.log.slice(0, firstUpdate).every((e) => e.method === 'GET')).toBe(true);
      // …and holds exactly the three prospects that changed, with their earlier values.
      const ids = [a!, b!, c!].map((p) => String(p.id));
      const verified = await verifyBackup({
        dir,
        runId: 'upd-test-1',
        expectedIds: ids,
        connectionId: 'sandbox',
      });
      expect(verified.size).toBe(3);
      const lines = (await readFile(join(dir, 'upd-test-1.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SandboxProspect);
      expect(lines.find((p) => p.id === a!.id)).toMatchObject({
        first_name: a!.first_name,
        snippet1: a!.snippet1,
      });
      // 5 rows in batches of 2: three requests, progress after each.
      expect(
        updateRequests(sandbox).map((e) => (e.body as { prospects: unknown[] }).prospects.length),
      ).toEqual([2, 2, 1]);
      expect(progress).toEqual([2, 4, 5]);
      expect(result.files.backup).toBe(join(dir, 'upd-test-1.jsonl'));
    });
  });

  it('sends nothing when the backup read fails', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
      sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 401 } });
      const error = await rejectionOf(applyPreview(client, preview, dir));
      expect(error).toMatchObject({ code: 'auth' });
      expect(updateRequests(sandbox)).toHaveLength(0);
      expect(existsSync(join(dir, 'run.json'))).toBe(false);
      expect(existsSync(join(dir, 'success.csv'))).toBe(false);
    });
  });

  it('cancel lets the request in flight finish and sends no other', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
      const controller = new AbortController();
      const result = await applyPreview(client, preview, dir, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(updateRequests(sandbox)).toHaveLength(1);
      expect(result.counts).toMatchObject({ updated: 2, failed: 3, unknown: 0 });
      const errors = await resultLines(result.files.errors);
      expect(errors.filter((l) => l.code === 'CANCELLED').map((l) => l.row)).toEqual([4, 6, 7]);
    });
  });

  it('sends nothing when cancelled during the backup', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
      const controller = new AbortController();
      const run = applyPreview(client, preview, dir, {
        signal: controller.signal,
        onPhase: (phase) => phase === 'backup' && controller.abort(),
      });
      expect(await rejectionOf(run)).toBeDefined();
      expect(updateRequests(sandbox)).toHaveLength(0);
    });
  });
});
