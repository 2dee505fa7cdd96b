import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportFiles } from '../../../src/main/lists/export-files';
import { safeExportName, uniqueExportName } from '../../../src/main/lists/export-name';
import { makeTempDir } from '../../support/temp-dir';

describe('safeExportName', () => {
  it('keeps a plain name and lower-cases the extension', () => {
    expect(safeExportName('Apollo view.CSV')).toEqual({ base: 'Apollo view', ext: '.csv' });
    expect(safeExportName('  list.json ')).toEqual({ base: 'list', ext: '.json' });
  });

  it('replaces characters Windows forbids and trailing dots or spaces', () => {
    expect(safeExportName('a<b>:c"d|e?f*g\u0001.csv').base).toBe('a-b-c-d-e-f-g-');
    expect(safeExportName('report. .csv').base).toBe('report');
    expect(safeExportName('CON.csv').base).toBe('CON-export');
    expect(safeExportName(`${'x'.repeat(190)}.csv`).base).toHaveLength(150);
  });

  it.each([
    '../up.csv',
    'a/b.csv',
    'a\\b.csv',
    '..csv',
    '.env.csv',
    'a..b.csv',
    'x.exe',
    'csv',
    '.csv',
    ' .csv',
  ])('refuses %j', (name) => {
    expect(() => safeExportName(name)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});

describe('uniqueExportName', () => {
  it('numbers a taken name, ignoring case', () => {
    expect(uniqueExportName('view', '.csv', new Set())).toBe('view.csv');
    expect(uniqueExportName('View', '.csv', new Set(['view.csv', 'view (2).csv']))).toBe(
      'View (3).csv',
    );
  });
});

describe('ExportFiles', () => {
  let dataDir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir: dataDir, cleanup } = await makeTempDir());
  });
  afterEach(async () => cleanup());
  const folder = () => readdir(join(dataDir, 'exports'));

  it('gives concurrent exports of the same name distinct files', async () => {
    const files = new ExportFiles(dataDir);
    const opened = await Promise.all([1, 2, 3].map(() => files.begin('view.csv')));
    // Which call gets which name depends on scheduling; that they differ does not.
    expect(opened.map((o) => o.path.slice(dataDir.length)).sort()).toEqual(
      ['view.csv', 'view (2).csv', 'view (3).csv'].map((n) => join('/exports', n)).sort(),
    );
    await Promise.all(opened.map((o, i) => files.write(o.exportId, `file ${i}\n`)));
    await Promise.all(opened.map((o) => files.commit(o.exportId)));
    for (const [i, o] of opened.entries())
      expect(await readFile(o.path, 'utf8')).toBe(`file ${i}\n`);
  });

  it('keeps chunks sent without waiting in order', async () => {
    const files = new ExportFiles(dataDir);
    const { exportId, path } = await files.begin('rows.csv');
    const lines = Array.from({ length: 200 }, (_, i) => `row ${i},Zoë\r\n`);
    await Promise.all(lines.map((line) => files.write(exportId, line)));
    expect(await files.commit(exportId)).toEqual({
      path,
      bytes: Buffer.byteLength(lines.join('')),
    });
    expect(await readFile(path, 'utf8')).toBe(lines.join(''));
  });

  it('abortAll leaves no file and no temp file', async () => {
    const files = new ExportFiles(dataDir);
    const a = await files.begin('a.csv');
    await files.begin('b.json');
    await files.write(a.exportId, 'email\r\n');
    expect(await folder()).toHaveLength(2); // the hidden temp files
    await files.abortAll();
    expect(await folder()).toEqual([]);
    await expect(files.write(a.exportId, 'x')).rejects.toMatchObject({ code: 'not_found' });
  });
});
