import { describe, expect, it } from 'vitest';
import { verifyListIndex } from '../../../src/main/lists/list-index';
import { offsetsOf, storeParts, unicodeStore } from './list-fixtures';

describe('verifyListIndex', () => {
  it('accepts RowStore.serialize() output, including an empty list', () => {
    const { rows, offsets } = storeParts(unicodeStore(100));
    expect(() => verifyListIndex(offsets, rows.byteLength, 100)).not.toThrow();
    expect(() => verifyListIndex(offsetsOf([0]), 0, 0)).not.toThrow();
  });

  it('accepts an index that is a view into a larger buffer', () => {
    const backing = new Uint8Array(8 + 24);
    backing.set(offsetsOf([0, 2, 5]), 8);
    expect(() => verifyListIndex(backing.subarray(8), 5, 2)).not.toThrow();
  });

  it.each([
    ['no index at all', new Uint8Array(0), 0, 0, /incomplete/],
    ['a partial entry', new Uint8Array(20), 0, 1, /incomplete/],
    [
      'a row count the meta disagrees with',
      offsetsOf([0, 1, 2]),
      2,
      3,
      /has 2 rows but the list says 3/,
    ],
    ['a first offset that is not 0', offsetsOf([1, 2]), 2, 1, /out of order at row 0/],
    ['an offset going backwards', offsetsOf([0, 5, 4, 6]), 6, 3, /out of order at row 2/],
    ['a NaN offset', offsetsOf([0, Number.NaN, 6]), 6, 2, /out of order at row 1/],
    ['a fractional offset', offsetsOf([0, 2.5, 6]), 6, 2, /out of order at row 1/],
    ['a last offset short of the data', offsetsOf([0, 3, 5]), 6, 2, /does not match its index/],
    ['a last offset past the data', offsetsOf([0, 3, 7]), 6, 2, /does not match its index/],
  ])('refuses %s', (_case, offsets, rowsSize, rows, message) => {
    expect(() => verifyListIndex(offsets, rowsSize, rows)).toThrow(
      expect.objectContaining({
        code: 'validation',
        message: expect.stringMatching(message) as unknown,
      }),
    );
    expect(() => verifyListIndex(offsets, rowsSize, rows)).toThrow(/nothing was saved\.$/);
  });
});
