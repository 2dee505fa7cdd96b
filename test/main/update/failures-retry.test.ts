import { beforeEach, describe, expect, it } from 'vitest';
import type { PlannedRow, ProspectUpdatePayload } from '../../../src/shared/update/update-types';
import { applyUpdate } from '../../../src/main/update/apply-update';
import { retryFailed } from '../../../src/main/update/retry-revert';
import { readOutcomes } from '../../../src/main/update/run-outcomes';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  CONNECTION,
  FILE_NAME,
  plainProspects,
  previewCsv,
  prospectByEmail,
  resultLines,
  sandboxClient,
  sentEmails,
  standardList,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';
import type { ResultLine } from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

/** Rows of both files: each list row must be in exactly one. */
function expectEachRowOnce(success: ResultLine[], errors: ResultLine[]): void {
  const rows = [...success, ...errors].map((l) => l.row).sort((x, y) => x - y);
  expect(rows).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
}

describe('partial failures and retry', () => {
  it('puts a prospect Woodpecker refuses in errors.csv only; the rest is applied', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const b = existing[1]!;
      const preview = await previewCsv(client, standardList(existing));
      // Row 3 carries a status Woodpecker does not know: it answers E_INV_STATUS for it alone.
      const planned: PlannedRow[] = (await preview.plannedRows()).map((p) =>
        p.row === 3
          ? { ...p, update: { ...p.update, status: 'NOPE' as ProspectUpdatePayload['status'] } }
          : p,
      );
      const result = await applyUpdate({
        dir,
        runId: 'upd-test-1',
        connection: CONNECTION,
        list: 'list.csv',
        client,
        planned,
        skipped: preview.skippedOutcomes(),
        fileName: FILE_NAME,
      });
      expect(result.counts).toMatchObject({ updated: 2, added: 2, failed: 1, invalid: 2 });
      const success = await resultLines(result.files.success);
      const errors = await resultLines(result.files.errors);
      expect(errors.map((l) => [l.row, l.code])).toEqual([
        [3, 'E_INV_STATUS'],
        [8, 'INVALID_ROW'],
        [9, 'DUPLICATE_ROW'],
      ]);
      expect(success.map((l) => l.row)).toEqual([2, 4, 5, 6, 7]);
      expectEachRowOnce(success, errors);
      expect(prospectByEmail(sandbox, b.email)?.snippet1).toBe(b.snippet1);
      expect(prospectByEmail(sandbox, 'new.one@example.com')?.first_name).toBe('Nina');
    });
  });

  it('fails a refused request’s rows, then retries exactly those rows', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const c = existing[2]!;
      const preview = await previewCsv(client, standardList(existing));
      // Batches of 2: the second request (rows 4 and 6) is refused, certainly not applied.
      sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'latency', ms: 0 } });
      sandbox.faults.add({
        match: { method: 'POST' },
        fault: { kind: 'status', status: 400, vendorCode: 'E_WRONG_PARAM' },
      });
      const result = await applyPreview(client, preview, dir, { batchSize: 2 });
      expect(result.counts).toMatchObject({ updated: 2, added: 1, failed: 2, unknown: 0 });
      const success = await resultLines(result.files.success);
      const errors = await resultLines(result.files.errors);
      expect(errors.map((l) => [l.row, l.outcome, l.code])).toEqual([
        [4, 'failed', 'E_WRONG_PARAM'],
        [6, 'failed', 'E_WRONG_PARAM'],
        [8, 'failed', 'INVALID_ROW'],
        [9, 'failed', 'DUPLICATE_ROW'],
      ]);
      expectEachRowOnce(success, errors);
      expect(prospectByEmail(sandbox, c.email)?.city).toBe(c.city);

      const before = updateRequests(sandbox).length;
      const progress: number[] = [];
      const retry = await retryFailed({
        dir,
        client,
        connectionId: CONNECTION.id,
        onProgress: (p) => progress.push(p.done),
      });
      expect(sentEmails(updateRequests(sandbox).slice(before))).toEqual([
        c.email,
        'new.one@example.com',
      ]);
      expect(retry).toMatchObject({ retried: 2, reconciled: 0, requests: 1 });
      expect(retry.counts).toMatchObject({ updated: 3, added: 2, failed: 0, unknown: 0 });
      expect(progress).toEqual([2]);
      expect(prospectByEmail(sandbox, c.email)?.city).toBe('Lisbon');
      // The run's files now say so, still one line per row.
      const success2 = await resultLines(result.files.success);
      const errors2 = await resultLines(result.files.errors);
      expect(errors2.map((l) => l.row)).toEqual([8, 9]);
      expectEachRowOnce(success2, errors2);
      expect((await readOutcomes(dir)).find((o) => o.row === 4)?.outcome).toBe('updated');

      // Nothing left to retry: no request at all.
      const again = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(again).toMatchObject({ retried: 0, requests: 0 });
      expect(updateRequests(sandbox).length).toBe(before + 1);
    });
  });

  it('retries rows cancelled before they were sent', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
      const controller = new AbortController();
      await applyPreview(client, preview, dir, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      const sentFirst = sentEmails(updateRequests(sandbox));
      const retry = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(retry.retried).toBe(3);
      const all = sentEmails(updateRequests(sandbox));
      expect(all.slice(sentFirst.length)).toEqual(
        (await preview.plannedRows()).slice(2).map((p) => p.update.email),
      );
      expect(retry.counts).toMatchObject({ updated: 3, added: 2, failed: 0 });
    });
  });
});
