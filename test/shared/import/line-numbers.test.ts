import { describe, expect, it } from 'vitest';
import {
  breaksInRecord,
  countLineBreaks,
  crlfLines,
} from '../../../src/shared/import/line-numbers';

describe('line numbers', () => {
  it('counts line breaks inside cells', () => {
    expect(breaksInRecord(['a\nb', 'c', 'd\r\ne\nf'], '\n')).toBe(3);
    expect(breaksInRecord(['a\rb', 'c\n'], '\r')).toBe(1);
  });

  it('says so when a cell holds a CRLF (the CRLF count no longer matches the records)', () => {
    // Two records, but three CRLFs: the caller falls back to scanning cells.
    expect(crlfLines('"x\r\ny"\r\nb\r\n', 12, 1).starts).toHaveLength(4);
  });

  it('places records after each CRLF when every CRLF ends one', () => {
    // Records start on lines 5, 7 (after a cell holding a LF) and 8.
    expect(crlfLines('a,"x\ny"\r\nb\r\n', 12, 5)).toEqual({ breaks: 3, starts: [5, 7, 8] });
  });

  it('counts the given break character in a range', () => {
    expect(countLineBreaks('a\r\nb\nc', '\n')).toBe(2);
    expect(countLineBreaks('a\rb\rc', '\r')).toBe(2);
    expect(countLineBreaks('a\nb\nc\nd', '\n', 1, 4)).toBe(2);
    expect(countLineBreaks('a\nb\nc\nd', '\n', 2, 5)).toBe(1);
  });
});
