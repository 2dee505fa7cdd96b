import { describe, expect, it } from 'vitest';
import { emailKey } from '../../../src/shared/import/normalise-cell';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';
import type { Prospect } from '../../../src/shared/prospect';
import {
  UpdatePreviewBuilder,
  type PreviewRowInput,
} from '../../../src/shared/update/update-preview';
import { lookupProspects } from '../../../src/shared/update/stored-prospect';

const fields: ProspectField[] = ['email', 'first_name', 'status', 'snippet1'];

const snapshot = new Map<string, Prospect>(
  [
    { id: 1, email: 'Ann@acme.com', status: 'ACTIVE', first_name: 'Ann', snippet1: 'a<br/>b' },
    { id: 2, email: 'bob@acme.com', status: 'ACTIVE', first_name: 'Bob' },
    { id: 3, email: 'cy@acme.com', status: 'ACTIVE', first_name: 'Cy' },
  ].map((p) => [p.email.toLowerCase(), p]),
);

function row(n: number, values: string[], extra: Partial<PreviewRowInput> = {}): PreviewRowInput {
  const email = values[0] ?? '';
  return { row: n, email, emailKey: emailKey(email), values, ...extra };
}

/** A mixed list: 2 changed, 1 unchanged, 2 new, 1 invalid, 1 duplicate. */
/** The request bodies' prospects for the included rows. */
async function payloads(builder: UpdatePreviewBuilder) {
  return (await builder.plannedRows()).map((p) => p.update);
}

function build(clearBlanks = false): UpdatePreviewBuilder {
  const builder = new UpdatePreviewBuilder({
    fields,
    lookup: lookupProspects((key) => snapshot.get(key))(fields),
    clearBlanks,
  });
  builder.add(row(2, ['ann@ACME.com', 'Ann', 'BLACKLIST', 'a\nb'])); // changed: status
  builder.add(row(3, ['bob@acme.com', 'Robert', '', ''])); // changed: overwrite
  builder.add(row(4, ['cy@acme.com', 'Cy', '', ''])); // unchanged (changed if clearBlanks? no stored values)
  builder.add(row(5, ['new@acme.com', 'Nia', '', 'x\ny'])); // new
  builder.add(row(6, ['', 'Nobody', '', ''])); // invalid: no email
  builder.add(row(7, ['bad@', 'Bad', '', ''], { invalid: true }));
  builder.add(row(8, ['bob@acme.com', 'Bobby', '', ''], { duplicate: true }));
  builder.add(row(9, ['other@acme.com', '', '', ''])); // new with no values
  return builder;
}

describe('UpdatePreviewBuilder', () => {
  it('counts rows by kind and flagged changes on a mixed list', () => {
    const summary = build().summary();
    expect(summary).toEqual({
      total: 8,
      byKind: { new: 2, changed: 2, unchanged: 1, invalid: 2, duplicate: 1 },
      included: 4,
      flags: { 'status-change': 1, overwrite: 1, clear: 0 },
      flaggedRows: 2,
    });
  });

  it('keeps changes for changed and new rows only, with the prospect id', async () => {
    const builder = build();
    const [first, , third, , fifth] = await builder.rowsAt([0, 1, 2, 3, 4]);
    expect(first).toEqual({
      index: 0,
      row: 2,
      kind: 'changed',
      email: 'ann@ACME.com',
      prospectId: 1,
      included: true,
      changes: [{ field: 'status', old: 'ACTIVE', new: 'BLACKLIST', flags: ['status-change'] }],
    });
    expect(third).toMatchObject({ kind: 'unchanged', prospectId: 3, changes: [] });
    expect(fifth).toMatchObject({ kind: 'invalid', prospectId: null, included: false });
    await expect(builder.rowsAt([8])).rejects.toThrow(RangeError);
  });

  it('filters by kind, in list order', () => {
    const builder = build();
    expect([...builder.filter(new Set(['new', 'invalid']))]).toEqual([3, 4, 5, 7]);
    expect([...builder.filter(new Set())]).toEqual([]);
  });

  it('builds payloads of the included rows: changed fields and the stored email only', async () => {
    expect(await payloads(build())).toEqual([
      { email: 'Ann@acme.com', status: 'BLACKLIST' },
      { email: 'bob@acme.com', first_name: 'Robert' },
      { email: 'new@acme.com', first_name: 'Nia', snippet1: 'x<br/>y' },
      { email: 'other@acme.com' },
    ]);
  });

  it('sends cleared fields as empty strings when clearBlanks is on', async () => {
    const builder = build(true);
    expect(builder.summary().byKind.changed).toBe(2);
    expect(builder.summary().flags.clear).toBe(0);
    const ann = new UpdatePreviewBuilder({
      fields,
      lookup: lookupProspects((k) => snapshot.get(k))(fields),
      clearBlanks: true,
    });
    ann.add(row(2, ['ann@acme.com', '', '', '']));
    expect(await payloads(ann)).toEqual([{ email: 'Ann@acme.com', first_name: '', snippet1: '' }]);
    expect(ann.summary().flags.clear).toBe(2);
  });

  it('includes and excludes rows one by one and by kind', async () => {
    const builder = build();
    expect(builder.setIncluded(1, false)).toBe(true);
    expect(builder.isIncluded(1)).toBe(false);
    expect(builder.setIncluded(2, true)).toBe(false); // unchanged rows cannot be sent
    expect(builder.setIncluded(4, true)).toBe(false); // nor invalid ones
    expect((await builder.plannedRows()).map((p) => p.row)).toEqual([2, 5, 9]);
    builder.setKindIncluded('new', false);
    expect((await builder.plannedRows()).map((p) => p.row)).toEqual([2]);
    expect(builder.summary().included).toBe(1);
    builder.setKindIncluded('changed', true);
    expect((await builder.plannedRows()).map((p) => [p.row, p.kind, p.prospectId])).toEqual([
      [2, 'changed', 1],
      [3, 'changed', 2],
    ]);
  });

  it('gives every row not sent an outcome, so planned + skipped cover the list once', async () => {
    const builder = build();
    builder.setIncluded(3, false);
    const planned = (await builder.plannedRows()).map((p) => p.row);
    const skipped = builder.skippedOutcomes();
    expect(skipped).toEqual([
      { row: 4, email: 'cy@acme.com', prospectId: 3, outcome: 'unchanged' },
      {
        row: 5,
        email: 'new@acme.com',
        prospectId: null,
        outcome: 'unchanged',
        code: 'EXCLUDED',
        message: 'Excluded from this update',
      },
      expect.objectContaining({ row: 6, outcome: 'failed', code: 'INVALID_ROW' }),
      expect.objectContaining({ row: 7, outcome: 'failed', code: 'INVALID_ROW' }),
      expect.objectContaining({ row: 8, outcome: 'failed', code: 'DUPLICATE_ROW' }),
    ]);
    const all = [...planned, ...skipped.map((o) => o.row)].sort((a, b) => a - b);
    expect(all).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('grows past its initial capacity', async () => {
    const builder = new UpdatePreviewBuilder({
      fields,
      lookup: () => undefined,
      clearBlanks: false,
    });
    for (let i = 0; i < 5000; i++) builder.add(row(i + 2, [`p${i}@x.com`, 'N', '', '']));
    expect(builder.size).toBe(5000);
    expect((await builder.rowsAt([4999]))[0]).toMatchObject({
      row: 5001,
      kind: 'new',
      email: 'p4999@x.com',
    });
    expect(builder.summary().byKind.new).toBe(5000);
  });
});
