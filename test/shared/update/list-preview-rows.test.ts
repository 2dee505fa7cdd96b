import { describe, expect, it } from 'vitest';
import type { ColumnAssignment } from '../../../src/shared/import/header-mapping';
import type { Prospect } from '../../../src/shared/prospect';
import { buildPreview } from '../../../src/shared/update/list-preview-rows';
import type { PreviewListSource } from '../../../src/shared/update/list-preview-rows';
import { lookupProspects } from '../../../src/shared/update/stored-prospect';

const columns: ColumnAssignment[] = [
  { column: 0, header: 'Email', field: 'email', confidence: 'exact' },
  { column: 1, header: 'First Name', field: 'first_name', confidence: 'exact' },
];

/** A list of `n` rows: person i, first name `Name i`; every 7th repeats row 0's email. */
function list(n: number): PreviewListSource {
  return {
    meta: {
      columns,
      detection: { encoding: 'utf-8', bom: false, delimiter: ',', lineEnding: '\n', headerRow: 0 },
    },
    length: n,
    cells: (i) => [i % 7 === 6 ? 'p0@acme.com' : `P${i}@acme.com`, `Name ${i}`],
    line: (i) => i + 2,
  };
}

/** The account: every even person, with an older first name for every fourth. */
const account = new Map<string, Prospect>();
for (let i = 0; i < 5000; i += 2) {
  account.set(`p${i}@acme.com`, {
    id: 1000 + i,
    email: `p${i}@acme.com`,
    status: 'ACTIVE',
    first_name: i % 4 === 0 ? `Old ${i}` : `Name ${i}`,
  });
}
const lookup = lookupProspects((key) => account.get(key));

describe('buildPreview', () => {
  it('classifies every row: duplicates by email in any case, new, changed and unchanged', async () => {
    const preview = await buildPreview(list(5000), lookup, { clearBlanks: false });
    const byKind = preview.summary().byKind;
    let expected = { new: 0, changed: 0, unchanged: 0, invalid: 0, duplicate: 0 };
    for (let i = 0; i < 5000; i++) {
      if (i % 7 === 6) expected = { ...expected, duplicate: expected.duplicate + 1 };
      else if (i % 2 === 1) expected = { ...expected, new: expected.new + 1 };
      else if (i % 4 === 0) expected = { ...expected, changed: expected.changed + 1 };
      else expected = { ...expected, unchanged: expected.unchanged + 1 };
    }
    expect(byKind).toEqual(expected);
    expect((await preview.rowsAt([4]))[0]).toMatchObject({
      row: 6,
      kind: 'changed',
      prospectId: 1004,
      changes: [{ field: 'first_name', old: 'Old 4', new: 'Name 4', flags: ['overwrite'] }],
    });
  });

  it('reports progress between slices and stops when cancelled', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    let looked = 0;
    const counting = lookupProspects((key) => {
      looked++;
      return account.get(key);
    });
    const run = buildPreview(list(5000), counting, {
      clearBlanks: false,
      sliceMs: 0,
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push(done);
        expect(total).toBe(5000);
        if (done === 1500) controller.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(progress).toEqual([500, 1000, 1500]);
    expect(looked).toBeLessThanOrEqual(1500);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled before'));
    await expect(
      buildPreview(list(10), lookup, { clearBlanks: false, signal: controller.signal }),
    ).rejects.toThrow('cancelled before');
  });
});
