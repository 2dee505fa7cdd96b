import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  chmod,
  mkdir,
  rename,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenedFiles } from '../../../src/main/lists/opened-files';
import type {
  FileOpenedEvent,
  OpenedFile,
  OpenedFileEntry,
} from '../../../src/shared/opened-files';
import { OPENED_FILE_CHUNK_BYTES, OPENED_FILE_TOKEN } from '../../../src/shared/opened-files';
import { makeTempDir } from '../../support/temp-dir';

let dir: string;
let cleanup: () => Promise<void>;
let events: FileOpenedEvent[];
let files: OpenedFiles;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  events = [];
  files = new OpenedFiles((event) => events.push(event));
});
afterEach(async () => {
  files.dispose();
  await cleanup();
});

const CSV = Buffer.from('email,first_name\nanna@example.com,Anna\n');

async function write(name: string, bytes: Uint8Array = CSV): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Opens the paths and takes what they became. */
async function openAndTake(...paths: string[]): Promise<OpenedFileEntry[]> {
  await files.open(paths);
  return files.take();
}

async function openOne(path: string): Promise<OpenedFile> {
  const [entry] = await openAndTake(path);
  if (entry?.kind !== 'file') throw new Error(`not opened: ${JSON.stringify(entry)}`);
  return entry;
}

const isRoot = process.getuid?.() === 0;

describe('OpenedFiles: what it accepts', () => {
  it('accepts .csv, .tsv and .txt in any case, with name, size and date', async () => {
    const mtime = new Date('2025-03-04T05:06:07.000Z');
    const csv = await write('Prospects.CSV');
    await utimes(csv, mtime, mtime);
    const tsv = await write('leads.tsv');
    const txt = await write('export.Txt');

    const entries = await openAndTake(csv, tsv, txt);

    expect(entries.map((e) => e.kind)).toEqual(['file', 'file', 'file']);
    expect(entries[0]).toEqual({
      kind: 'file',
      token: expect.stringMatching(OPENED_FILE_TOKEN),
      name: 'Prospects.CSV',
      size: CSV.byteLength,
      lastModified: mtime.getTime(),
    });
    expect(entries.map((e) => e.name)).toEqual(['Prospects.CSV', 'leads.tsv', 'export.Txt']);
    const tokens = entries.map((e) => (e.kind === 'file' ? e.token : ''));
    expect(new Set(tokens).size).toBe(3);
  });

  it('refuses other types with a one-line message, and says what to do with a workbook', async () => {
    const pdf = await write('report.pdf');
    const xlsx = await write('Leads.xlsx');
    const none = await write('prospects');

    expect(await openAndTake(pdf, xlsx, none)).toEqual([
      {
        kind: 'refused',
        name: 'report.pdf',
        message: 'Prospect Desk can only open .csv, .tsv and .txt spreadsheets: report.pdf',
      },
      {
        kind: 'refused',
        name: 'Leads.xlsx',
        message:
          'Prospect Desk can only open .csv, .tsv and .txt spreadsheets: Leads.xlsx. Save the workbook as “CSV UTF-8” first, then open that file.',
      },
      {
        kind: 'refused',
        name: 'prospects',
        message: 'Prospect Desk can only open .csv, .tsv and .txt spreadsheets: prospects',
      },
    ]);
  });

  it('refuses a missing file, a folder, a relative path and a FIFO, saying which', async () => {
    const folder = join(dir, 'exports.csv');
    await mkdir(folder);
    const entries = await openAndTake(join(dir, 'gone.csv'), folder, 'relative/leads.csv');
    expect(entries).toEqual([
      {
        kind: 'refused',
        name: 'gone.csv',
        message: '“gone.csv” could not be found: it may have been moved, renamed or deleted.',
      },
      {
        kind: 'refused',
        name: 'exports.csv',
        message: '“exports.csv” is a folder: open a spreadsheet inside it instead.',
      },
      {
        kind: 'refused',
        name: 'leads.csv',
        message: 'Prospect Desk could not tell which folder “leads.csv” is in.',
      },
    ]);
    if (process.platform !== 'win32') {
      const fifo = join(dir, 'pipe.csv');
      execFileSync('mkfifo', [fifo]);
      expect(await openAndTake(fifo)).toEqual([
        {
          kind: 'refused',
          name: 'pipe.csv',
          message: '“pipe.csv” is not a regular file, so Prospect Desk cannot open it.',
        },
      ]);
    }
  });

  it.skipIf(isRoot || process.platform === 'win32')(
    'refuses a file it may not read, saying so',
    async () => {
      const locked = await write('locked.csv');
      await chmod(locked, 0o000);
      expect(await openAndTake(locked)).toEqual([
        {
          kind: 'refused',
          name: 'locked.csv',
          message:
            "Prospect Desk is not allowed to read “locked.csv”. Check the file's permissions.",
        },
      ]);
    },
  );

  it('follows a symlink the user opened to the file it names', async () => {
    const target = await write('real.csv');
    const link = join(dir, 'link.csv');
    await symlink(target, link);
    const file = await openOne(link);
    expect(file.name).toBe('link.csv');
    expect(Buffer.from(await files.read(file.token, 0, file.size))).toEqual(CSV);
  });
});

describe('OpenedFiles: pending until taken', () => {
  it('keeps entries in the order opened, tells once per open, and gives each once', async () => {
    const a = await write('a.csv');
    const b = await write('b.pdf');
    const c = await write('c.tsv');
    const first = files.open([a, b]);
    const second = files.open([c]);
    await Promise.all([first, second]);

    expect(events).toEqual([{ pending: 2 }, { pending: 3 }]);
    expect(files.take().map((e) => [e.kind, e.name])).toEqual([
      ['file', 'a.csv'],
      ['refused', 'b.pdf'],
      ['file', 'c.tsv'],
    ]);
    expect(files.take()).toEqual([]);
  });

  it('opening nothing announces nothing', async () => {
    await files.open([]);
    expect(events).toEqual([]);
  });
});

describe('OpenedFiles: reading by token', () => {
  it('reads any range inside the file, byte-exact', async () => {
    const bytes = randomBytes(100_000);
    const file = await openOne(await write('big.csv', bytes));
    expect(Buffer.from(await files.read(file.token, 0, 100_000))).toEqual(bytes);
    expect(Buffer.from(await files.read(file.token, 99_999, 1))).toEqual(bytes.subarray(99_999));
    expect(Buffer.from(await files.read(file.token, 1234, 5678))).toEqual(
      bytes.subarray(1234, 1234 + 5678),
    );
  });

  it('refuses ranges outside the file and pieces over the cap', async () => {
    const file = await openOne(await write('small.csv'));
    const size = file.size;
    for (const [offset, length] of [
      [0, size + 1],
      [size, 1],
      [size - 1, 2],
      [0, 0],
      [-1, 1],
      [0, OPENED_FILE_CHUNK_BYTES + 1],
      [0.5, 1],
      [Number.MAX_SAFE_INTEGER, 1],
    ] as const) {
      await expect(files.read(file.token, offset, length)).rejects.toMatchObject({
        code: 'validation',
      });
    }
  });

  it('refuses unknown, forged, released and disposed tokens', async () => {
    const file = await openOne(await write('a.csv'));
    const forged = `of_${randomBytes(16).toString('hex')}`;
    for (const token of [forged, '', 'of_', file.token.toUpperCase(), `${file.token} `]) {
      await expect(files.read(token, 0, 1)).rejects.toMatchObject({ code: 'not_found' });
    }

    expect(files.release(file.token)).toBe(true);
    expect(files.release(file.token)).toBe(false);
    await expect(files.read(file.token, 0, 1)).rejects.toMatchObject({
      code: 'not_found',
      message: 'This file is no longer open in Prospect Desk: open it again.',
    });

    const other = await openOne(await write('b.csv'));
    files.dispose();
    await expect(files.read(other.token, 0, 1)).rejects.toMatchObject({ code: 'not_found' });
    // After dispose nothing more is queued or announced.
    const before = events.length;
    await files.open([await write('c.csv')]);
    expect(files.take()).toEqual([]);
    expect(events).toHaveLength(before);
  });

  it('a file that was never opened cannot be read with any token, even swapped in', async () => {
    const secret = Buffer.from('password=hunter2\n');
    const secretPath = await write('secret.csv', secret);
    const a = await openOne(await write('a.csv', Buffer.alloc(secret.byteLength, 0x61)));
    const b = await openOne(await write('b.csv'));
    const tokens = [a.token, b.token, `of_${'0'.repeat(32)}`];

    const readAll = async () => {
      const got: Buffer[] = [];
      for (const token of tokens) {
        for (const length of [1, secret.byteLength]) {
          got.push(
            await files.read(token, 0, length).then(
              (bytes) => Buffer.from(bytes),
              () => Buffer.alloc(0),
            ),
          );
        }
      }
      return got;
    };
    expect((await readAll()).some((bytes) => bytes.includes(Buffer.from('hunter2')))).toBe(false);

    // Same name, same size: the secret moved over an opened file is refused.
    await rename(secretPath, join(dir, 'a.csv'));
    await expect(files.read(a.token, 0, 1)).rejects.toMatchObject({ code: 'conflict' });
    expect((await readAll()).some((bytes) => bytes.includes(Buffer.from('hunter2')))).toBe(false);
  });

  it('refuses to read a file changed on disk since it was opened', async () => {
    const path = await write('a.csv');
    const file = await openOne(path);
    await appendFile(path, 'more@example.com,More\n');
    await expect(files.read(file.token, 0, file.size)).rejects.toMatchObject({
      code: 'conflict',
      message: '“a.csv” changed on disk while Prospect Desk was opening it: open it again.',
    });
  });

  it('says so when the file is gone', async () => {
    const path = await write('a.csv');
    const file = await openOne(path);
    await rename(path, join(dir, 'moved.csv'));
    await expect(files.read(file.token, 0, 1)).rejects.toMatchObject({ code: 'not_found' });
    expect((await stat(join(dir, 'moved.csv'))).size).toBe(file.size);
  });
});
