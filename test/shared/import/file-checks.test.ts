import { describe, expect, it } from 'vitest';
import { checkDecodedStart, stripNuls } from '../../../src/shared/import/file-checks';
import { ImportError } from '../../../src/shared/import/import-error';
import { parseBytes } from '../../../src/shared/import/parse-records';
import { concatBytes, latinBytes, utf16Bytes, utf8Bytes } from './byte-helpers';

async function importErrorOf(bytes: Uint8Array): Promise<ImportError> {
  const error: unknown = await parseBytes(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/** Deterministic "random" bytes (xorshift), like a compressed or encrypted file. */
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('refusing files that are not CSV', () => {
  it('says an empty file, a BOM-only file and a blank file are empty', async () => {
    for (const bytes of [
      new Uint8Array(0),
      utf8Bytes('', true),
      utf16Bytes('', 'le'),
      utf16Bytes('', 'be'),
      utf8Bytes('\r\n\n  \n'),
    ]) {
      const error = await importErrorOf(bytes);
      expect(error.code).toBe('empty');
      expect(error.message).toMatch(/empty/);
    }
  });

  it('names Excel workbooks and says how to save them as CSV', async () => {
    const xlsx = await importErrorOf(concatBytes([latinBytes(['PK', 3, 4, 20, 0]), noise(2000)]));
    expect(xlsx.code).toBe('xlsx');
    expect(xlsx.message).toContain('File › Save As › CSV UTF-8');
    const xls = await importErrorOf(
      concatBytes([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(2000)]),
    );
    expect(xls.code).toBe('xls');
    expect(xls.message).toContain('Save As');
  });

  it('refuses a PDF, a web page saved as .xls and random binary', async () => {
    expect((await importErrorOf(utf8Bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).code).toBe('pdf');
    expect(
      (await importErrorOf(utf8Bytes('<!DOCTYPE html>\n<html><table><tr><td>a</td></tr></table>')))
        .code,
    ).toBe('html');
    expect((await importErrorOf(noise(64 * 1024))).code).toBe('binary');
    expect((await importErrorOf(noise(300, 99))).code).toBe('binary');
  });

  it('lets text with a few control characters through', () => {
    const text = `a,b\n${'1,2\n'.repeat(200)}3,\u0007\f\n`;
    expect(() => checkDecodedStart(text, true)).not.toThrow();
    expect(() =>
      checkDecodedStart('\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008a', true),
    ).toThrow(ImportError);
  });
});

describe('NUL bytes', () => {
  it('are removed and their lines reported (the row is kept)', () => {
    expect(stripNuls('a\0b\nc\nd\0\0e', 10, '\n')).toEqual({ text: 'ab\nc\nde', lines: [10, 12] });
  });

  it('are stripped end to end with the line numbers in the problems', async () => {
    const parsed = await parseBytes(utf8Bytes('email,name\r\na@x.com\0,Ana\r\nb@x.com,Bo\0\0\r\n'));
    expect(parsed.records).toEqual([
      ['a@x.com', 'Ana'],
      ['b@x.com', 'Bo'],
    ]);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([
      ['nul-byte', 2],
      ['nul-byte', 3],
    ]);
    expect(parsed.problems[0]!.message).toContain('Line 2');
  });
});
