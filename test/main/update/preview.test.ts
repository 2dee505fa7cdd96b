import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PreviewRow, UpdatePreviewBuilder } from '../../../src/shared/update/update-preview';
import { writePreviewFiles } from '../../../src/main/update/preview-files';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import {
  listCsv,
  plainProspects,
  previewCsv,
  prospectByEmail,
  sandboxClient,
  standardList,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox({ checkRequests: false });
beforeEach(() => {
  sandbox = getSandbox();
});

async function rowsOf(preview: UpdatePreviewBuilder): Promise<Map<number, PreviewRow>> {
  const rows = await preview.rowsAt(Array.from({ length: preview.size }, (_, i) => i));
  return new Map(rows.map((row) => [row.row, row]));
}

const changeList = (row: PreviewRow | undefined) =>
  row?.changes.map((c) => [c.field, c.old, c.new]) ?? [];

describe('update preview against the account', () => {
  it('sorts every list row into one kind and shows each change as stored → imported (fields in the canonical order)', async () => {
    const existing = plainProspects(sandbox, 4);
    const [a, b, c] = existing;
    const preview = await previewCsv(sandboxClient(sandbox), standardList(existing));

    expect(preview.summary()).toMatchObject({
      total: 8,
      byKind: { changed: 3, unchanged: 1, new: 2, invalid: 1, duplicate: 1 },
      included: 5,
    });
    const rows = await rowsOf(preview);
    expect([...rows.entries()].map(([row, r]) => [row, r.kind])).toEqual([
      [2, 'changed'],
      [3, 'changed'],
      [4, 'changed'],
      [5, 'unchanged'],
      [6, 'new'],
      [7, 'new'],
      [8, 'invalid'],
      [9, 'duplicate'],
    ]);
    expect(changeList(rows.get(2))).toEqual([
      ['first_name', a!.first_name, 'Anabel'],
      ['snippet1', a!.snippet1, 'Loved your talk'],
    ]);
    // A blank cell leaves the field alone without --clear-blanks.
    expect(changeList(rows.get(3))).toEqual([['snippet1', b!.snippet1, 'New opener']]);
    expect(changeList(rows.get(4))).toEqual([['city', c!.city, 'Lisbon']]);
    expect(rows.get(3)?.prospectId).toBe(b!.id);
    expect(changeList(rows.get(6))).toEqual([
      ['first_name', '', 'Nina'],
      ['city', '', 'Porto'],
      ['snippet1', '', 'Hello Nina'],
    ]);

    // Every "old" value is what the account holds right now, field by field.
    for (const row of rows.values()) {
      if (row.kind !== 'changed') continue;
      const stored = prospectByEmail(sandbox, row.email)!;
      for (const change of row.changes) expect(change.old).toBe(String(stored[change.field] ?? ''));
    }
    // The planned payloads carry only the changing fields, under the stored spelling.
    expect((await preview.plannedRows()).map((p) => p.update)).toEqual([
      { email: a!.email, first_name: 'Anabel', snippet1: 'Loved your talk' },
      { email: b!.email, snippet1: 'New opener' },
      { email: c!.email, city: 'Lisbon' },
      { email: 'new.one@example.com', first_name: 'Nina', snippet1: 'Hello Nina', city: 'Porto' },
      { email: 'new.two@example.com', first_name: 'Noah' },
    ]);
    expect(updateRequests(sandbox)).toHaveLength(0);
  });

  it('clears stored values from blank cells with clearBlanks, flagged', async () => {
    const existing = plainProspects(sandbox, 4);
    const b = existing[1]!;
    const preview = await previewCsv(sandboxClient(sandbox), standardList(existing), true);
    const row3 = (await rowsOf(preview)).get(3)!;
    expect(row3.changes.map((c) => [c.field, c.old, c.new, c.flags.includes('clear')])).toEqual([
      ['first_name', b.first_name, '', true],
      ['city', b.city, '', true],
      ['snippet1', b.snippet1, 'New opener', false],
    ]);
  });

  it('writes preview.csv (one line per change, formula-safe) and preview.json', async () => {
    const [a, same] = plainProspects(sandbox, 2);
    const csv = listCsv([
      ['Email', 'Snippet 1', 'First Name'],
      [a!.email, '=HYPERLINK("http://evil")', 'Ann'],
      [same!.email, String(same!.snippet1), String(same!.first_name)],
      ['broken@', 'x', ''],
    ]);
    const preview = await previewCsv(sandboxClient(sandbox), csv);
    await withTempDir(async (dir) => {
      await writePreviewFiles(dir, preview);
      const text = await readFile(join(dir, 'preview.csv'), 'utf8');
      expect(text.startsWith('\ufeffrow,email,kind,included,field,old,new,flags\r\n')).toBe(true);
      expect(text).toContain(
        `2,${a!.email},changed,yes,snippet1,${a!.snippet1},"'=HYPERLINK(""http://evil"")",overwrite\r\n`,
      );
      expect(text).toContain(`2,${a!.email},changed,yes,first_name,${a!.first_name},Ann,overwrite`);
      expect(text).toContain(`3,${same!.email},unchanged,no,,,,\r\n`);
      expect(text).toContain('4,broken@,invalid,no,,,,\r\n');
      const summary = JSON.parse(await readFile(join(dir, 'preview.json'), 'utf8'));
      expect(summary).toMatchObject({
        total: 3,
        byKind: { changed: 1, unchanged: 1, invalid: 1, new: 0, duplicate: 0 },
      });
    });
  });
});
