import { beforeEach, describe, expect, it } from 'vitest';
import { revertUpdate } from '../../../src/main/update/retry-revert';
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

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

const FIELDS = ['first_name', 'snippet1', 'snipet1', 'city'] as const;
const pick = (p: Record<string, unknown> | undefined) =>
  Object.fromEntries(FIELDS.map((f) => [f, p?.[f]]));

describe('revertUpdate', () => {
  it('puts back the backed-up values of the fields each updated row changed', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const [a, b, c] = existing;
      const preview = await previewCsv(client, standardList(existing));
      await applyPreview(client, preview, dir);
      expect(prospectByEmail(sandbox, a!.email)?.first_name).toBe('Anabel');
      const applied = updateRequests(sandbox).length;

      const result = await revertUpdate({ dir, client });
      expect(result).toMatchObject({ reverted: 3, failed: 0, added: 2, requests: 1 });
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
      const result = await revertUpdate({ dir, client });
      expect(sentEmails(updateRequests(sandbox).slice(applied))).toEqual([
        existing[0]!.email,
        existing[1]!.email,
      ]);
      expect(result).toMatchObject({ reverted: 2, failed: 0, added: 1 });
    });
  });
});
