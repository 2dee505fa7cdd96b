import { beforeEach, describe, expect, it } from 'vitest';
import { revertUpdate } from '../../../src/main/update/retry-revert';
import { readRun } from '../../../src/main/update/update-files';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import { readFile } from 'node:fs/promises';
import {
  FILE_NAME,
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

const FIELDS = ['first_name', 'snippet1', 'snipet1', 'city'] as const;
const pick = (p: Record<string, unknown> | undefined) =>
  Object.fromEntries(FIELDS.map((f) => [f, p?.[f]]));

/** Applies the standard list to the first 4 plain prospects (copies, as they were before). */
async function applyStandardList(dir: string) {
  const client = sandboxClient(sandbox);
  const existing = plainProspects(sandbox, 4);
  await applyPreview(client, await previewCsv(client, standardList(existing)), dir);
  return { client, existing, applied: updateRequests(sandbox).length };
}

describe('revertUpdate', () => {
  it('puts back the backed-up values of the fields each updated row changed', async () => {
    await withTempDir(async (dir) => {
      const { client, existing, applied } = await applyStandardList(dir);
      const [a, b, c] = existing;
      expect(prospectByEmail(sandbox, a!.email)?.first_name).toBe('Anabel');

      const result = await revertUpdate({ dir, client, connectionId: CONNECTION.id });
      // One read of the account (nothing edited since), one update.
      expect(result).toMatchObject({ reverted: 3, failed: 0, added: 2, requests: 2 });
      for (const p of [a!, b!, c!])
        expect(pick(prospectByEmail(sandbox, p.email))).toEqual(pick(p));
      // Only the changed fields are sent back; added prospects stay (a revert never deletes).
      const bodies = updateRequests(sandbox)
        .slice(applied)
        .flatMap((e) => (e.body as { prospects: Record<string, string>[] }).prospects);
      expect(bodies).toEqual([
        { email: a!.email, first_name: a!.first_name, snippet1: a!.snippet1 },
        { email: b!.email, snippet1: b!.snippet1 },
        { email: c!.email, city: c!.city },
      ]);
      expect(prospectByEmail(sandbox, 'new.one@example.com')).toBeDefined();
      const success = await resultLines(result.files.success);
      expect(success.map((l) => [l.row, l.outcome])).toEqual([
        [2, 'updated'],
        [3, 'updated'],
        [4, 'updated'],
      ]);
      expect(await resultLines(result.files.errors)).toEqual([]);
      expect((await readRun(dir)).reverted).toBe(true);
    });
  });

  it('sends back only the rows that were updated', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const preview = await previewCsv(client, standardList(existing));
      // Batches of 2: the second request (rows 4 and 6) is refused.
      sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'latency', ms: 0 } });
      sandbox.faults.add({
        match: { method: 'POST' },
        fault: { kind: 'status', status: 400, vendorCode: 'E_WRONG_PARAM' },
      });
      await applyPreview(client, preview, dir, { batchSize: 2 });
      const applied = updateRequests(sandbox).length;
      const result = await revertUpdate({ dir, client, connectionId: CONNECTION.id });
      expect(sentEmails(updateRequests(sandbox).slice(applied))).toEqual([
        existing[0]!.email,
        existing[1]!.email,
      ]);
      expect(result).toMatchObject({ reverted: 2, failed: 0, added: 1 });
    });
  });

  it('keeps what changed after the update: an edited prospect is not reverted, a deleted one not re-created', async () => {
    await withTempDir(async (dir) => {
      const { client, existing } = await applyStandardList(dir);
      const [a, b, c] = existing;
      // A colleague rewrites b's opener; c is deleted.
      await client.updateProspects({
        prospects: [{ email: b!.email, snippet1: 'Edited by a colleague' }],
        fileName: FILE_NAME,
      });
      await client.deleteBatch([c!.id]);
      const applied = updateRequests(sandbox).length;

      const result = await revertUpdate({ dir, client, connectionId: CONNECTION.id });
      expect(result).toMatchObject({ reverted: 1, failed: 2, added: 2 });
      expect(sentEmails(updateRequests(sandbox).slice(applied))).toEqual([a!.email]);
      expect(pick(prospectByEmail(sandbox, a!.email))).toEqual(pick(a));
      expect(prospectByEmail(sandbox, b!.email)?.snippet1).toBe('Edited by a colleague');
      expect(prospectByEmail(sandbox, c!.email)).toBeUndefined();
      const errors = await resultLines(result.files.errors);
      expect(errors.map((l) => [l.row, l.code])).toEqual([
        [3, 'EDITED_SINCE'],
        [4, 'NOT_FOUND'],
      ]);
      expect(await readFile(result.files.errors, 'utf8')).toContain(
        'Changed after the update (snippet1)',
      );
    });
  });

  it('reverts nothing when the account cannot be read first', async () => {
    await withTempDir(async (dir) => {
      const { client, applied } = await applyStandardList(dir);
      sandbox.faults.add({
        match: { method: 'GET' },
        fault: { kind: 'status', status: 403 },
      });
      await expect(revertUpdate({ dir, client, connectionId: CONNECTION.id })).rejects.toThrow();
      expect(updateRequests(sandbox).length).toBe(applied);
      expect((await readRun(dir)).reverted).toBeFalsy();
    });
  });
});
