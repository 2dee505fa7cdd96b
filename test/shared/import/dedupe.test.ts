import { describe, expect, it } from 'vitest';
import {
  DuplicateFinder,
  findDuplicates,
  resolveDuplicates,
} from '../../../src/shared/import/dedupe';

describe('findDuplicates', () => {
  it('groups rows sharing an email case-insensitively, skipping empty emails', () => {
    const groups = findDuplicates([
      'ann@acme.com',
      'bob@beta.io',
      'ANN@Acme.com',
      null,
      '',
      ' ann@acme.com ',
      'Bob@Beta.io',
      'cy@corp.com',
      undefined,
      '',
    ]);
    expect(groups).toEqual([
      { key: 'ann@acme.com', rows: [0, 2, 5] },
      { key: 'bob@beta.io', rows: [1, 6] },
    ]);
  });

  it('returns nothing when every email is unique', () => {
    expect(findDuplicates(['a@x.io', 'b@x.io', 'c@x.io'])).toEqual([]);
  });

  it('streams: add() says whether the email was seen before', () => {
    const finder = new DuplicateFinder();
    expect(finder.add('a@x.io', 10)).toBe(false);
    expect(finder.add('A@X.IO', 11)).toBe(true);
    expect(finder.add(null, 12)).toBe(false);
    expect(finder.groups()).toEqual([{ key: 'a@x.io', rows: [10, 11] }]);
  });
});

describe('resolveDuplicates', () => {
  // values: [email, first_name, company, phone]
  const rows: string[][] = [
    ['ann@acme.com', 'Ann', '', ''],
    ['bob@beta.io', 'Bob', 'Beta', ''],
    ['ANN@acme.com', '', 'Acme', '+1 555'],
    ['ann@acme.com', 'Annie', '', '+1 666'],
  ];
  const groups = findDuplicates(rows.map((r) => r[0] ?? null));
  const getRow = (i: number): string[] => rows[i] ?? [];

  it('keep-first keeps the first row of each group', () => {
    expect(resolveDuplicates(groups, 'keep-first', getRow)).toEqual({
      kept: [0],
      dropped: [2, 3],
      merged: new Map(),
      conflicts: [],
    });
  });

  it('keep-last keeps the last row of each group', () => {
    const result = resolveDuplicates(groups, 'keep-last', getRow);
    expect(result.kept).toEqual([3]);
    expect(result.dropped).toEqual([0, 2]);
  });

  it('merge fills the first row blanks from later rows and reports conflicts', () => {
    const sameEmail = (a: string, b: string, i: number): boolean =>
      i === 0 ? a.toLowerCase() === b.toLowerCase() : a === b;
    const result = resolveDuplicates(groups, 'merge', getRow, { equals: sameEmail });
    expect(result.kept).toEqual([0]);
    expect(result.dropped).toEqual([2, 3]);
    expect(result.merged.get(0)).toEqual(['ann@acme.com', 'Ann', 'Acme', '+1 555']);
    expect(result.conflicts).toEqual([
      { key: 'ann@acme.com', keptRow: 0, otherRow: 3, valueIndex: 1, kept: 'Ann', other: 'Annie' },
      {
        key: 'ann@acme.com',
        keptRow: 0,
        otherRow: 3,
        valueIndex: 3,
        kept: '+1 555',
        other: '+1 666',
      },
    ]);
    // The source rows are not modified.
    expect(rows[0]).toEqual(['ann@acme.com', 'Ann', '', '']);
  });

  it('merge without an equals option reports case-only differences', () => {
    const result = resolveDuplicates(groups, 'merge', getRow);
    expect(result.conflicts.filter((c) => c.valueIndex === 0)).toHaveLength(1);
  });
});
