import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowStore } from '../../../src/shared/import/row-store';

const cell = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\u0000', ''));
const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 60 });

describe('RowStore', () => {
  it('gives back exactly the rows it was given, before and after a disk round trip', () => {
    fc.assert(
      fc.property(rows, (input) => {
        const store = new RowStore();
        for (const row of input) store.append(row);
        expect(store.length).toBe(input.length);
        input.forEach((row, i) => expect(store.get(i)).toEqual(row));
        const { rows: bytes, offsets } = store.serialize();
        const loaded = RowStore.deserialize(bytes, offsets);
        input.forEach((row, i) => expect(loaded.get(i)).toEqual(row));
      }),
      { numRuns: 300 },
    );
  });

  it('appendMany stores a batch as one append per row would', () => {
    fc.assert(
      fc.property(rows, rows, (before, batch) => {
        const one = new RowStore();
        const many = new RowStore();
        for (const row of before) {
          one.append(row);
          many.append(row);
        }
        for (const row of batch) one.append(row);
        expect(many.appendMany(batch)).toBe(before.length);
        expect(many.length).toBe(one.length);
        expect(many.serialize()).toEqual(one.serialize());
      }),
      { numRuns: 100 },
    );
  });

  it('keeps edits as an overlay and writes them out on serialize', () => {
    const store = new RowStore();
    store.append(['a@example.com', 'Ana']);
    store.append(['b@example.com', 'Bo']);
    store.set(1, ['b@example.com', 'Bob', 'extra']);
    expect(store.get(1)).toEqual(['b@example.com', 'Bob', 'extra']);
    expect(store.isEdited(1)).toBe(true);
    expect(store.isEdited(0)).toBe(false);
    const { rows, offsets } = store.serialize();
    expect(RowStore.deserialize(rows, offsets).get(1)).toEqual(['b@example.com', 'Bob', 'extra']);
  });

  it('grows past one block and appends after loading', () => {
    const store = new RowStore();
    const long = 'é'.repeat(1_000_000); // 3 MB worst case per row: forces new blocks
    for (let i = 0; i < 6; i++) store.append([String(i), long]);
    expect(store.get(5)).toEqual(['5', long]);
    const { rows, offsets } = store.serialize();
    const loaded = RowStore.deserialize(rows, offsets);
    loaded.append(['6', 'short']);
    expect(loaded.get(6)).toEqual(['6', 'short']);
    expect(loaded.get(0)[1]).toBe(long);
  });

  it('refuses a damaged index and rows that do not exist', () => {
    const store = new RowStore();
    store.append(['x']);
    const { rows, offsets } = store.serialize();
    expect(() => RowStore.deserialize(rows.subarray(1), offsets)).toThrow(/damaged/);
    expect(() => store.get(1)).toThrow(RangeError);
    expect(() => store.set(-1, [])).toThrow(RangeError);
  });
});
