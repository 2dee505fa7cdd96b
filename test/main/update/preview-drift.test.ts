import { describe, expect, it } from 'vitest';
import { retryFailed } from '../../../src/main/update/retry-revert';
import { withTempDir } from '../../support/temp-dir';
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

const getSandbox = useUpdateSandbox();

describe('rows that changed in Woodpecker after the preview', () => {
  it('are held back (not sent, not retried); the rest are sent as previewed', async () => {
    await withTempDir(async (dir) => {
      const sandbox = getSandbox();
      const client = sandboxClient(sandbox);
      const existing = plainProspects(sandbox, 4);
      const [a, b, c] = existing;
      const preview = await previewCsv(client, standardList(existing));
      // After the preview: a's opener is edited, c is deleted, new.one is added elsewhere.
      await client.updateProspects({
        prospects: [
          { email: a!.email, snippet1: 'Edited meanwhile' },
          { email: 'new.one@example.com', first_name: 'Someone else' },
        ],
        fileName: FILE_NAME,
      });
      await client.deleteBatch([c!.id]);
      const before = updateRequests(sandbox).length;

      const result = await applyPreview(client, preview, dir);
      expect(sentEmails(updateRequests(sandbox).slice(before))).toEqual([
        b!.email,
        'new.two@example.com',
      ]);
      expect(prospectByEmail(sandbox, a!.email)?.snippet1).toBe('Edited meanwhile');
      expect(prospectByEmail(sandbox, c!.email)).toBeUndefined();
      expect(prospectByEmail(sandbox, 'new.one@example.com')?.first_name).toBe('Someone else');
      const errors = await resultLines(result.files.errors);
      expect(errors.filter((l) => l.code === 'CHANGED_SINCE_PREVIEW').map((l) => l.row)).toEqual([
        2, 4, 6,
      ]);

      const retried = await retryFailed({ dir, client, connectionId: CONNECTION.id });
      expect(retried.retried).toBe(0);
      expect(updateRequests(sandbox).length).toBe(before + 1);
    });
  });
});
