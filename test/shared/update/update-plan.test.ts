import { describe, expect, it } from 'vitest';
import type { Prospect } from '../../../src/shared/prospect';
import {
  backupProspects,
  defaultFileName,
  planUpdateBatches,
  revertPayloads,
} from '../../../src/shared/update/update-plan';
import type { PlannedRow } from '../../../src/shared/update/update-types';

function planned(n: number, kind: 'new' | 'changed' = 'new'): PlannedRow {
  const email = `p${n}@acme.com`;
  return {
    row: n + 2,
    kind,
    email,
    prospectId: kind === 'new' ? null : n,
    update: { email, first_name: `N${n}` },
    changes: [],
  };
}

describe('planUpdateBatches', () => {
  const rows = Array.from({ length: 45_001 }, (_, i) => planned(i));

  it('splits 45,001 rows into 3 requests of at most 20,000, each with file_name', () => {
    const batches = planUpdateBatches(rows, { fileName: ' Prospect Desk · Q4 · 2026-11-22 ' });
    expect(batches.map((b) => b.prospects.length)).toEqual([20_000, 20_000, 5_001]);
    for (const batch of batches) {
      expect(batch.fileName).toBe('Prospect Desk · Q4 · 2026-11-22');
      expect(batch.prospects).toEqual(batch.rows.map((r) => r.update));
    }
    expect(batches.flatMap((b) => b.rows.map((r) => r.row))).toEqual(rows.map((r) => r.row));
  });

  it('honours a smaller batch size', () => {
    const batches = planUpdateBatches(rows.slice(0, 10), { fileName: 'x', batchSize: 4 });
    expect(batches.map((b) => b.rows.length)).toEqual([4, 4, 2]);
    expect(planUpdateBatches([], { fileName: 'x' })).toEqual([]);
  });

  it.each([0, 20_001, 1.5, Number.NaN])('rejects batch size %s', (batchSize) => {
    expect(() => planUpdateBatches(rows.slice(0, 1), { fileName: 'x', batchSize })).toThrow(
      RangeError,
    );
  });

  it('rejects a blank file name (omitting it clears the stored import name)', () => {
    expect(() => planUpdateBatches(rows.slice(0, 1), { fileName: '  ' })).toThrow(/file_name/);
  });

  it('rejects the same email twice, whatever its case', () => {
    const twice = [planned(1), { ...planned(2), update: { email: 'P1@acme.com' } }];
    expect(() => planUpdateBatches(twice, { fileName: 'x' })).toThrow(/repeats/);
  });
});

describe('defaultFileName', () => {
  it('names the list and the local date', () => {
    expect(defaultFileName('  Q4   leads ', new Date(2026, 10, 22, 23, 59))).toBe(
      'Prospect Desk · Q4 leads · 2026-11-22',
    );
    expect(defaultFileName('', new Date(2026, 0, 5))).toBe('Prospect Desk · 2026-01-05');
  });
});

describe('backup and revert', () => {
  const before: Prospect[] = [
    { id: 1, email: 'Ann@acme.com', status: 'ACTIVE', first_name: 'Ann', snippet1: 'a<br/>b' },
    { id: 2, email: 'bob@acme.com', status: 'ACTIVE' },
  ];
  const snapshot = new Map(before.map((p) => [p.email.toLowerCase(), p]));
  const rows: PlannedRow[] = [
    {
      row: 2,
      kind: 'changed',
      email: 'Ann@acme.com',
      prospectId: 1,
      update: { email: 'Ann@acme.com', status: 'BLACKLIST', snippet1: 'new<br/>text' },
      changes: [],
    },
    {
      row: 3,
      kind: 'changed',
      email: 'bob@acme.com',
      prospectId: 2,
      update: { email: 'bob@acme.com', city: 'Paris' },
      changes: [],
    },
    {
      row: 4,
      kind: 'new',
      email: 'new@acme.com',
      prospectId: null,
      update: { email: 'new@acme.com', first_name: 'Nia' },
      changes: [],
    },
  ];

  it('backs up exactly the prospects about to change', () => {
    const backup = backupProspects(rows, (key) => snapshot.get(key));
    expect([...backup.keys()]).toEqual(['ann@acme.com', 'bob@acme.com']);
    expect(backup.get('ann@acme.com')).toBe(before[0]);
  });

  it('restores the previous values of exactly the changed fields', () => {
    const backup = backupProspects(rows, (key) => snapshot.get(key));
    const plan = revertPayloads(backup, rows);
    expect(plan.updates).toEqual([
      { email: 'Ann@acme.com', status: 'ACTIVE', snippet1: 'a<br/>b' },
      { email: 'bob@acme.com', city: '' },
    ]);
    expect(plan.notInBackup.map((r) => r.row)).toEqual([4]);
  });
});
