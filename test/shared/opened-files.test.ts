import { describe, expect, it } from 'vitest';
import {
  extensionOf,
  isOpenableName,
  openedFileType,
  readOpenedFile,
} from '../../src/shared/opened-files';
import type { OpenedFile } from '../../src/shared/opened-files';

const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7) % 251);

function opened(size: number, name = 'Leads.CSV'): OpenedFile {
  return {
    kind: 'file',
    token: `of_${'a'.repeat(32)}`,
    name,
    size,
    lastModified: 1_700_000_000_000,
  };
}

describe('readOpenedFile', () => {
  it('asks for every piece in order and builds the file with its name, type and date', async () => {
    const source = bytesOf(10_000);
    const asked: [number, number][] = [];
    const progress: number[] = [];
    const file = await readOpenedFile(opened(source.byteLength), {
      chunkBytes: 3_000,
      readChunk: async (offset, length) => {
        asked.push([offset, length]);
        return source.slice(offset, offset + length);
      },
      onProgress: (read) => progress.push(read),
    });

    expect(asked).toEqual([
      [0, 3_000],
      [3_000, 3_000],
      [6_000, 3_000],
      [9_000, 1_000],
    ]);
    expect(progress).toEqual([3_000, 6_000, 9_000, 10_000]);
    expect(file.name).toBe('Leads.CSV');
    expect(file.type).toBe('text/csv');
    expect(file.lastModified).toBe(1_700_000_000_000);
    expect(file.size).toBe(10_000);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(source);
  });

  it('an empty file asks for nothing', async () => {
    const file = await readOpenedFile(opened(0, 'empty.tsv'), {
      readChunk: () => Promise.reject(new Error('not asked')),
    });
    expect(file.size).toBe(0);
    expect(file.type).toBe('text/tab-separated-values');
  });

  it('stops when cancelled, and refuses a piece of the wrong size', async () => {
    const abort = new AbortController();
    let asked = 0;
    const reading = readOpenedFile(opened(10), {
      chunkBytes: 4,
      signal: abort.signal,
      readChunk: async (offset, length) => {
        asked += 1;
        if (asked === 2) abort.abort();
        return bytesOf(10).slice(offset, offset + length);
      },
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(asked).toBe(2);

    await expect(
      readOpenedFile(opened(10), { readChunk: async () => new Uint8Array(3) }),
    ).rejects.toThrow('Read 3 bytes of “Leads.CSV” where 10 were due.');
  });
});

describe('opened file names', () => {
  it('knows our extensions in any case, and nothing else', () => {
    expect(['a.csv', 'B.TSV', 'c.Txt'].map(isOpenableName)).toEqual([true, true, true]);
    expect(['a.pdf', 'csv', '.csv', 'a.csv.pdf', 'a.xlsx'].map(isOpenableName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(extensionOf('archive.tar.GZ')).toBe('.gz');
    expect(openedFileType('notes.txt')).toBe('text/plain');
  });
});
