import { describe, expect, it } from 'vitest';
import { detectEncoding, scanUtf8 } from '../../../src/shared/import/detect-encoding';
import { createStreamDecoder } from '../../../src/shared/import/stream-decoder';
import { latinBytes, utf16Bytes, utf8Bytes } from './byte-helpers';

describe('detectEncoding', () => {
  it('trusts a byte order mark first', () => {
    expect(detectEncoding(utf8Bytes('a,b', true))).toMatchObject({
      encoding: 'utf-8',
      bom: true,
      bomLength: 3,
      reason: 'bom',
      confidence: 1,
    });
    expect(detectEncoding(utf16Bytes('a,b', 'le'))).toMatchObject({
      encoding: 'utf-16le',
      bomLength: 2,
    });
    expect(detectEncoding(utf16Bytes('a,b', 'be'))).toMatchObject({
      encoding: 'utf-16be',
      bomLength: 2,
    });
  });

  it('takes valid UTF-8 with accents as UTF-8, plain ASCII as UTF-8 with less confidence', () => {
    const accented = detectEncoding(utf8Bytes('name\nJosé Müller\n'));
    expect(accented).toMatchObject({ encoding: 'utf-8', bom: false, reason: 'valid-utf8' });
    const ascii = detectEncoding(utf8Bytes('name\nJoe\n'));
    expect(ascii).toMatchObject({ encoding: 'utf-8', reason: 'ascii' });
    expect(ascii.confidence).toBeLessThan(accented.confidence);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const bytes = latinBytes(['name,price\nCaf', 0xe9, ',', 0x80, '5\n']);
    expect(detectEncoding(bytes)).toMatchObject({
      encoding: 'windows-1252',
      reason: 'invalid-utf8',
    });
  });

  it('keeps UTF-8 when a mostly-UTF-8 file has one stray byte', () => {
    const bytes = new Uint8Array([...utf8Bytes('é'.repeat(20)), 0xe9, ...utf8Bytes('\n')]);
    expect(detectEncoding(bytes)).toMatchObject({ encoding: 'utf-8', reason: 'mostly-utf8' });
  });

  it('does not call a character cut by the end of the prefix invalid, unless it is the whole file', () => {
    const euro = utf8Bytes('price €'); // € is E2 82 AC
    const cut = euro.subarray(0, euro.length - 1);
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(scanUtf8(cut, { atStart: true, atEnd: false })).toEqual({ multiByte: 0, invalid: 0 });
    expect(scanUtf8(cut, { atStart: true, atEnd: true }).invalid).toBe(1);
  });

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    const text = 'email,first_name\nana@example.com,Ana\n';
    expect(detectEncoding(utf16Bytes(text, 'le', false))).toMatchObject({
      encoding: 'utf-16le',
      reason: 'nul-pattern',
    });
    expect(detectEncoding(utf16Bytes(text, 'be', false)).encoding).toBe('utf-16be');
  });
});

describe('scanUtf8', () => {
  it('rejects overlongs, surrogates and code points past U+10FFFF', () => {
    const at = { atStart: true, atEnd: true };
    expect(scanUtf8(new Uint8Array([0xc0, 0xaf]), at).invalid).toBeGreaterThan(0); // overlong /
    expect(scanUtf8(new Uint8Array([0xed, 0xa0, 0x80]), at).invalid).toBeGreaterThan(0); // U+D800
    expect(scanUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]), at).invalid).toBeGreaterThan(0);
    expect(scanUtf8(utf8Bytes('€ 😀 é'), at)).toEqual({ multiByte: 3, invalid: 0 });
  });

  it('skips continuation bytes at the start of a chunk that began mid-character', () => {
    const bytes = utf8Bytes('€uro').subarray(1); // 82 AC 'u' 'r' 'o'
    expect(scanUtf8(bytes, { atStart: false, atEnd: true }).invalid).toBe(0);
    expect(scanUtf8(bytes, { atStart: true, atEnd: true }).invalid).toBe(2);
  });
});

describe('createStreamDecoder', () => {
  it('decodes Windows-1252 per WHATWG, including 0x80–0x9F that Node 20 gets wrong', () => {
    const decoder = createStreamDecoder('windows-1252');
    const bytes = latinBytes([
      0x80, 0x82, 0x85, 0x8a, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f,
    ]);
    expect(decoder.decode(bytes) + decoder.flush()).toBe('€‚…Š‘’“”–—™Ÿ');
    // Undefined in the table: kept as the C1 controls WHATWG maps them to.
    expect(createStreamDecoder('windows-1252').decode(latinBytes([0x81, 0x8d, 0x9d]))).toBe(
      '\u0081\u008d\u009d',
    );
    expect(createStreamDecoder('windows-1252').decode(latinBytes(['Caf', 0xe9, 0xff]))).toBe(
      'Caféÿ',
    );
  });

  it('keeps characters split across chunks whole, for every split', () => {
    const text = 'José 😀 €5 Łukasz, 東京';
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      const bytes =
        encoding === 'utf-8'
          ? utf8Bytes(text)
          : utf16Bytes(text, encoding === 'utf-16le' ? 'le' : 'be', false);
      for (let split = 0; split <= bytes.length; split++) {
        const decoder = createStreamDecoder(encoding);
        const out =
          decoder.decode(bytes.subarray(0, split)) +
          decoder.decode(bytes.subarray(split)) +
          decoder.flush();
        expect(out).toBe(text);
      }
    }
  });

  it('does not strip a BOM itself (the caller strips it by bytes)', () => {
    const decoder = createStreamDecoder('utf-8');
    expect(decoder.decode(utf8Bytes('a', true))).toBe('\ufeffa');
  });
});
