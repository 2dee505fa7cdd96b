import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmailIndex } from '../../../src/shared/import/email-index';
import { emailKey } from '../../../src/shared/import/normalise-cell';

/** An index over `emails` (row → email), with the read-back a session gives it. */
function indexOver(emails: string[]): { index: EmailIndex; readBacks: () => number } {
  let readBacks = 0;
  const index = new EmailIndex((row) => {
    readBacks++;
    return emailKey(emails[row] ?? '');
  });
  return { index, readBacks: () => readBacks };
}

describe('EmailIndex', () => {
  it('finds a key case-insensitively and ignores surrounding and empty emails', () => {
    const emails = [
      'Ana@Example.com',
      'ana@example.COM',
      ' ',
      'Zoë@Exämple.com',
      ' zoë@exÄmple.com ',
    ];
    const { index } = indexOver(emails);
    expect(index.getOrAdd(emails[0]!, 0)).toBe(-1);
    expect(index.getOrAdd(emails[1]!, 1)).toBe(0);
    expect(index.getOrAdd(emails[2]!, 2)).toBe(-1);
    expect(index.get(' ')).toBe(-1);
    expect(index.getOrAdd(emails[3]!, 3)).toBe(-1);
    expect(index.getOrAdd(emails[4]!, 4)).toBe(3);
    expect(index.length).toBe(2);
  });

  it('reads a row back only when two hashes match', () => {
    const emails = Array.from({ length: 5000 }, (_, i) => `person${i}@example.com`);
    const { index, readBacks } = indexOver(emails);
    emails.forEach((email, row) => expect(index.getOrAdd(email, row)).toBe(-1));
    expect(readBacks()).toBe(0);
    expect(index.get('PERSON42@example.com')).toBe(42);
    expect(readBacks()).toBe(1);
  });

  it('moves and forgets entries by row, even after the row changed', () => {
    const emails = ['a@x.io', 'b@x.io'];
    const { index } = indexOver(emails);
    index.getOrAdd('a@x.io', 0);
    index.replaceRow('a@x.io', 1, 5); // not the row it holds: no change
    expect(index.get('a@x.io')).toBe(0);
    emails[0] = 'changed@x.io';
    index.deleteIfRow('a@x.io', 0);
    expect(index.length).toBe(0);
    expect(index.getOrAdd('a@x.io', 1)).toBe(-1);
  });

  it('behaves like a Map through adds, moves and deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key: fc.nat(300), row: fc.nat(50) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(300) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        // Rows are indices into `byRow`, whose email is what the index reads back.
        const byRow: string[] = [];
        const model = new Map<string, number>();
        const index = new EmailIndex((row) => emailKey(byRow[row] ?? ''));
        for (const o of ops) {
          const email = `User${o.key}@Example.com`;
          const key = email.toLowerCase();
          if (o.kind === 'add') {
            const row = byRow.length;
            byRow.push(email);
            const expected = model.get(key) ?? -1;
            expect(index.getOrAdd(email, row)).toBe(expected);
            if (expected === -1) model.set(key, row);
          } else {
            const row = model.get(key);
            if (row === undefined) continue;
            index.deleteIfRow(email, row);
            model.delete(key);
          }
        }
        expect(index.length).toBe(model.size);
        for (const [key, row] of model) expect(index.get(key)).toBe(row);
      }),
      { numRuns: 50 },
    );
  });
});
