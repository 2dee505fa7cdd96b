import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  needsFormulaGuard,
  neutraliseFormula,
  unguardFormula,
} from '../../../src/shared/csv/formula-safety';
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

  // Decision 003: look-alikes of the four signs, and characters nobody sees.
  it.each([
    ['U+FE62 small plus', '\ufe62'],
    ['U+FE63 small hyphen-minus', '\ufe63'],
    ['U+FE66 small equals', '\ufe66'],
    ['U+2212 minus sign', '\u2212'],
    ['U+FF0B full-width plus', '\uff0b'],
    ['U+FF0D full-width hyphen-minus', '\uff0d'],
    ['U+FF20 full-width at', '\uff20'],
    ['U+3000 ideographic space', '\u3000'],
    ['U+200B zero-width space', '\u200b'],
    ['U+200C zero-width non-joiner', '\u200c'],
    ['U+200D zero-width joiner', '\u200d'],
    ['U+2060 word joiner', '\u2060'],
    ['U+FEFF BOM', '\ufeff'],
    ['U+000B VT', '\u000b'],
    ['U+000C FF', '\u000c'],
  ])('neutralises a cell starting with %s, whatever follows', (_name, char) => {
    for (const rest of ['1+2', 'SUM(1,2)', 'Hello', '']) {
      expect(neutraliseFormula(`${char}${rest}`)).toBe(`'${char}${rest}`);
    }
  });

  it.each([
    ['\u00a0=1', 'NBSP'],
    ['\u2003=1', 'em space'],
    ['\u202f-1', 'narrow NBSP'],
    ['\u200e@SUM(1)', 'left-to-right mark'],
    ['\u2066+A1', 'bidi isolate'],
    [' \u00a0 \ufe66 1', 'spaces, then small equals'],
    ['\t+1 415-555-0100', 'a tab before a phone number'],
    ['\ufe62 1 415 555 0100', 'small plus before phone digits'],
  ])('neutralises a trigger after blanks: %j (%s)', (input) => {
    expect(neutraliseFormula(input)).toBe(`'${input}`);
  });

  it('adds a guard to a value that starts with apostrophes before something formula-like', () => {
    expect(neutraliseFormula(`'=1+2`)).toBe(`''=1+2`);
    expect(neutraliseFormula(`''-5%`)).toBe(`'''-5%`);
    expect(neutraliseFormula(`'\u200bx`)).toBe(`''\u200bx`);
    expect(neutraliseFormula(`' =1`)).toBe(`'' =1`);
  });

  it.each([
    '+1 415-555-0100',
    '+48 (22) 123 45 67',
    ' +1 415 555 0100',
    `'+1 415 555 0100`,
    'plain text',
    'a=b',
    '',
    'Hello\n=not first',
    "'Tis the season",
    "'90s kid",
    "O'Brien",
    "'",
    "''",
    ' ',
    '\u00a0Acme',
    '\u200eשלום',
    '1-800-FLOWERS',
  ])('keeps %j intact', (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });
});

describe('unguardFormula', () => {
  it.each([
    [`'-5% churn since Q2`, '-5% churn since Q2'],
    [`'@channel update`, '@channel update'],
    [`'=HYPERLINK("http://x")`, '=HYPERLINK("http://x")'],
    [`'+cmd`, '+cmd'],
    [`'  =1`, '  =1'],
    [`'\ufe66 1`, '\ufe66 1'],
    [`'\u2212 5`, '\u2212 5'],
    [`'\u3000x`, '\u3000x'],
    [`'\ufeffx`, '\ufeffx'],
    [`'\u000bx`, '\u000bx'],
    [`''=1`, `'=1`],
    [`'''-1`, `''-1`],
    [`' =1`, ' =1'],
  ])('removes our guard from %j', (cell, value) => {
    expect(unguardFormula(cell)).toBe(value);
  });

  it.each([
    "'Tis the season",
    "'90s kid",
    "'",
    "''",
    `'+1 415 555 0100`, // a phone number is not guarded, so this apostrophe is the user's
    "O'Brien",
    '=1', // no guard: kept as is
    " '=1",
  ])('keeps the apostrophes of %j', (cell) => {
    expect(unguardFormula(cell)).toBe(cell);
  });
});

/** Strings biased toward what the guard is about: triggers, apostrophes, blanks, line breaks. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "'",
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      '\u000b',
      '\u000c',
      ' ',
      '\u00a0',
      '\u2003',
      '\u200e',
      '\u3000',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\uff1d',
      '\uff0b',
      '\uff0d',
      '\uff20',
      '\ufe62',
      '\ufe63',
      '\ufe66',
      '\u2212',
      '"',
      ',',
      '1',
      '(',
      'a',
    ),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  maxLength: 12,
});

// An oracle written apart from the implementation: the characters the doc lists.
const TRIGGER =
  /^[ \u00a0\u0085\u1680\u2000-\u200a\u200e\u200f\u2028-\u202f\u205f\u2066-\u2069]*[=+\-@\t\n\v\f\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212\u3000\u200b-\u200d\u2060\ufeff]/;
const PHONE =
  /^[ \u00a0\u0085\u1680\u2000-\u200a\u200e\u200f\u2028-\u202f\u205f\u2066-\u2069]*\+(?=(?:\D*\d){6})[\d\s().-]+$/;

describe('properties', () => {
  it('what we write never starts a formula, except a phone number', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const written = neutraliseFormula(value);
        expect(TRIGGER.test(written) && !PHONE.test(written)).toBe(false);
        expect(written === value || written === `'${value}`).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('the import reads back exactly what we wrote, and writing it again gives the same cell', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const written = neutraliseFormula(value);
        expect(unguardFormula(written)).toBe(value);
        expect(neutraliseFormula(unguardFormula(written))).toBe(written);
      }),
      { numRuns: 20_000 },
    );
  });

  it('removes an apostrophe exactly when the writer would have added it', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const cell = `'${value}`;
        expect(unguardFormula(cell) !== cell).toBe(needsFormulaGuard(value));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('csvRecord', () => {
  it('quotes delimiters, quotes and line breaks, and ends with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",\r\n',
    );
    expect(csvRecord(['a;b', 'c'], { delimiter: ';' })).toBe('"a;b";c\r\n');
    expect(csvRecord(['=1'], { formulaSafe: false })).toBe('=1\r\n');
  });

  it('guards before quoting', () => {
    expect(csvRecord(['\n=1', '-"x"', `'=1`])).toBe(`"'\n=1","'-""x""",''=1\r\n`);
  });
});
