import { beforeEach, describe, expect, it } from 'vitest';
import { retryFailed } from '../../../src/main/update/retry-revert';
import { readRun } from '../../../src/main/update/update-files';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
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
import { CONNECTION } from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

const POST = { method: 'POST' };

describe('an update whose answer was lost', () => {
  it('applied (reset-after): read back as updated and added, never resent', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const preview = await previewCsv(client, standardList(existing));
      sandbox.faults.add({ match: POST, fault: { kind: 'reset-after' } });
      const result = await applyPreview(client, preview, dir);
      expect(updateRequests(sandbox)).toHaveLength(1);
      expect(updateRequests(sandbox)[0]?.applied).toBe(true);
      expect(result.counts).toMatchObject({ updated: 3, added: 2, failed: 0, unknown: 0 });
      // The read-back is a GET after the lost POST.
      const lost = sandbox.log.indexOf(updateRequests(sandbox)[0]!);
      expect(sandbox.log.slice(lost + 1).some((e) => e.method === 'GET')).toBe(true);
      const errors = await resultLines(result.files.errors);
      expect(errors.map((l) => l.row)).toEqual([8, 9]);
      expect(prospectByEmail(sandbox, existing[0]!.email)?.first_name).toBe('Anabel');
      const added = (await resultLines(result.files.success)).find((l) => l.row === 6);
      expect(added).toMatchObject({ outcome: 'added' });
    });
  });

  it('not applied (reset-before): failed NOT_APPLIED, and a retry sends it once', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const preview = await previewCsv(client, standardList(existing));
      sandbox.faults.add({ match: POST, fault: { kind: 'reset-before' } });
      const result = await applyPreview(client, preview, dir);
      expect(updateRequests(sandbox)).toHaveLength(1);
      expect(result.counts).toMatchObject({ updated: 0, added: 0, failed: 5, unknown: 0 });
      const errors = await resultLines(result.files.errors);
      expect(errors.filter((l) => l.code === 'NOT_APPLIED').map((l) => l.row)).toEqual([
        2, 3, 4, 6, 7,
      ]);
      expect(prospectByEmail(sandbox, 'new.one@example.com')).toBeUndefined();

      const retry = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(retry).toMatchObject({ retried: 5, requests: 1 });
      expect(retry.counts).toMatchObject({ updated: 3, added: 2, failed: 0, unknown: 0 });
      // Each planned email went out once more, and once only.
      const emails = sentEmails(updateRequests(sandbox));
      expect(emails.slice(5)).toEqual(emails.slice(0, 5));
      expect(emails).toHaveLength(10);
    });
  });

  it('stays unknown when the read-back fails; retry reads back again instead of resending', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const preview = await previewCsv(client, standardList(existing));
      sandbox.faults.add({ match: POST, fault: { kind: 'reset-after' } });
      const result = await applyPreview(client, preview, dir, {
        // After the backup: the read-back listing is refused.
        onPhase: (phase) =>
          phase === 'send' &&
          sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 401 } }),
      });
      expect(result.counts).toMatchObject({ updated: 0, added: 0, failed: 0, unknown: 5 });
      const errors = await resultLines(result.files.errors);
      expect(errors.map((l) => [l.row, l.outcome, l.code])).toEqual([
        [2, 'unknown', 'UNKNOWN'],
        [3, 'unknown', 'UNKNOWN'],
        [4, 'unknown', 'UNKNOWN'],
        [6, 'unknown', 'UNKNOWN'],
        [7, 'unknown', 'UNKNOWN'],
        [8, 'failed', 'INVALID_ROW'],
        [9, 'failed', 'DUPLICATE_ROW'],
      ]);

      const retry = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(retry).toMatchObject({ retried: 0, reconciled: 5 });
      expect(retry.counts).toMatchObject({ updated: 3, added: 2, failed: 0, unknown: 0 });
      expect(updateRequests(sandbox)).toHaveLength(1);
      expect((await resultLines(result.files.errors)).map((l) => l.row)).toEqual([8, 9]);
      expect((await readRun(dir)).counts).toMatchObject({ unknown: 0, updated: 3 });
    });
  });
});
