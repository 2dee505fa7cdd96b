import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { retryFailed } from '../../../src/main/update/retry-revert';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  plainProspects,
  previewCsv,
  prospectByEmail,
  resultLines,
  sandboxClient,
  standardList,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';
import { CONNECTION } from './update-fixture';

/** Applies the standard list with blank cells clearing fields: b's first name and city. */
async function applyWithClears(sandbox: Sandbox, dir: string) {
  const client = sandboxClient(sandbox);
  const existing = plainProspects(sandbox, 4);
  const preview = await previewCsv(client, standardList(existing), true);
  const result = await applyPreview(client, preview, dir);
  return { client, b: existing[1]!, result };
}

describe('emptied fields, where Woodpecker clears them', () => {
  const getSandbox = useUpdateSandbox();

  it('reads the rows back once and leaves their outcomes as they are', async () => {
    await withTempDir(async (dir) => {
      const sandbox = getSandbox();
      const { b, result } = await applyWithClears(sandbox, dir);
      expect(prospectByEmail(sandbox, b.email)?.first_name).toBe('');
      expect(result.notCleared).toBe(0);
      const success = await resultLines(result.files.success);
      expect(success.find((l) => l.row === 3)).toMatchObject({ outcome: 'updated', code: '' });
      // The backup's listing, the update, and one listing after it to check the clears.
      const posts = updateRequests(sandbox);
      expect(posts).toHaveLength(1);
      const after = sandbox.log.filter((e) => e.seq > posts[0]!.seq);
      expect(after.map((e) => e.method)).toEqual(['GET']);
      expect(result.requests).toBe(3);
    });
  });
});

describe('emptied fields, where Woodpecker keeps the stored value', () => {
  const getSandbox = useUpdateSandbox({ sandbox: { emptyValues: 'ignore' } });

  it('marks the row NOT_CLEARED with the fields, in the success file, and never retries it', async () => {
    await withTempDir(async (dir) => {
      const sandbox = getSandbox();
      const { client, b, result } = await applyWithClears(sandbox, dir);
      expect(prospectByEmail(sandbox, b.email)?.first_name).toBe(b.first_name);
      expect(prospectByEmail(sandbox, b.email)?.snippet1).toBe('New opener');
      expect(result.notCleared).toBe(1);
      expect(result.counts.failed).toBe(0);
      const success = await resultLines(result.files.success);
      expect(success.find((l) => l.row === 3)).toMatchObject({
        outcome: 'updated',
        code: 'NOT_CLEARED',
      });
      expect(await readFile(result.files.success, 'utf8')).toContain('Woodpecker kept first_name');
      const posted = updateRequests(sandbox).length;
      const retry = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(retry.retried).toBe(0);
      expect(updateRequests(sandbox).length).toBe(posted);
    });
  });
});
