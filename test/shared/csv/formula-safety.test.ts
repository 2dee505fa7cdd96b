import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../../src/shared/csv/formula-safety';
import { csvRecord } from '../../../src/shared/csv/csv-writer';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['\n=1+1', `'\n=1+1`],
    ['＝1+1', `'＝1+1`],
    ['  =1', `'  =1`],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(['+1 415-555-0100', '+48 (22) 123 45 67', 'plain text', 'a=b', '', 'Hello\n=not first'])(
    'keeps %j intact',
    (input) => {
      expect(neutraliseFormula(input)).toBe(input);
    },
  );
});

describe('csvRecord', () => {
  it('quotes delimiters, quotes and line breaks, and ends with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",\r\n',
    );
    expect(csvRecord(['a;b', 'c'], { delimiter: ';' })).toBe('"a;b";c\r\n');
    expect(csvRecord(['=1'], { formulaSafe: false })).toBe('=1\r\n');
  });
});
