import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedFile, OpenedFileEntry } from '../../../src/shared/opened-files';
import { OPENED_FILE_CHUNK_BYTES } from '../../../src/shared/opened-files';
import { invokeOk, startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

const invoke = (channel: string, input?: unknown) => app.services.router.invoke(channel, input);
const call = <T>(channel: string, input?: unknown) => invokeOk<T>(app, channel, input);

/** `AppServices.openFiles` as the Electron glue calls it, then the `files:opened` event. */
async function openFiles(paths: string[]): Promise<void> {
  const before = app.fileEvents.length;
  app.services.openFiles(paths);
  await expect.poll(() => app.fileEvents.length, { timeout: 5_000 }).toBe(before + 1);
}

const take = async () => (await call<{ files: OpenedFileEntry[] }>('files:take-opened')).files;

/** Reads a whole opened file the way the page does: pieces of at most the cap, in order. */
async function readAll(file: OpenedFile): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < file.size; offset += OPENED_FILE_CHUNK_BYTES) {
    const length = Math.min(OPENED_FILE_CHUNK_BYTES, file.size - offset);
    const { bytes } = await call<{ bytes: Uint8Array }>('files:read-chunk', {
      token: file.token,
      offset,
      length,
    });
    expect(bytes).toBeInstanceOf(Uint8Array);
    pieces.push(bytes);
  }
  return Buffer.concat(pieces);
}

describe('files opened with the app, over IPC', () => {
  it('open → take → read every piece → the bytes are the file; release ends the token', async () => {
    // Two and a bit pieces, so the piece boundaries are crossed.
    const bytes = randomBytes(2 * OPENED_FILE_CHUNK_BYTES + 12_345);
    const path = join(app.dataDir, 'Big Export.csv');
    await writeFile(path, bytes);

    await openFiles([path]);
    expect(app.fileEvents.at(-1)).toEqual({ pending: 1 });
    const [entry, ...rest] = await take();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: 'file', name: 'Big Export.csv', size: bytes.byteLength });
    const file = entry as OpenedFile;
    expect(JSON.stringify(entry)).not.toContain(app.dataDir); // the page never sees the path

    expect((await readAll(file)).equals(bytes)).toBe(true);
    expect(await take()).toEqual([]); // taken once

    expect(await call('files:release', { token: file.token })).toEqual({ released: true });
    expect(await invoke('files:read-chunk', { token: file.token, offset: 0, length: 1 })).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'This file is no longer open in Prospect Desk: open it again.',
      },
    });
  });

  it('a file opened before the page asked waits for it, refusals included', async () => {
    const csv = join(app.dataDir, 'leads.csv');
    await writeFile(csv, 'email\nanna@example.com\n');
    const pdf = join(app.dataDir, 'report.pdf');
    await writeFile(pdf, '%PDF-1.7\n');
    await openFiles([csv, pdf]);
    await openFiles([join(app.dataDir, 'missing.tsv')]);

    const entries = await take();
    expect(entries.map((e) => e.kind)).toEqual(['file', 'refused', 'refused']);
    expect(entries[1]).toEqual({
      kind: 'refused',
      name: 'report.pdf',
      message: 'Prospect Desk can only open .csv, .tsv and .txt spreadsheets: report.pdf',
    });
    expect((await readAll(entries[0] as OpenedFile)).toString()).toBe('email\nanna@example.com\n');
  });

  it('refuses forged tokens, paths, and pieces outside the file', async () => {
    const path = join(app.dataDir, 'a.csv');
    await writeFile(path, 'email\n');
    await openFiles([path]);
    const file = (await take())[0] as OpenedFile;

    const refused = async (input: unknown, code: string) =>
      expect(await invoke('files:read-chunk', input)).toMatchObject({ ok: false, error: { code } });
    // A well-formed token main never gave out.
    await refused(
      { token: `of_${randomBytes(16).toString('hex')}`, offset: 0, length: 1 },
      'not_found',
    );
    // Not a token at all, or a path where a token goes.
    await refused({ token: 'a.csv', offset: 0, length: 1 }, 'validation');
    await refused({ token: path, offset: 0, length: 1 }, 'validation');
    await refused({ token: file.token, path, offset: 0, length: 1 }, 'validation');
    // Pieces out of bounds, or over the cap, or not whole numbers.
    await refused({ token: file.token, offset: 0, length: 7 }, 'validation');
    await refused({ token: file.token, offset: 6, length: 1 }, 'validation');
    await refused({ token: file.token, offset: -1, length: 1 }, 'validation');
    await refused({ token: file.token, offset: 0, length: 0 }, 'validation');
    await refused(
      { token: file.token, offset: 0, length: OPENED_FILE_CHUNK_BYTES + 1 },
      'validation',
    );
    await refused({ token: file.token, offset: 0.5, length: 1 }, 'validation');
    expect(await invoke('files:release', { token: '../a.csv' })).toMatchObject({ ok: false });
    expect(await invoke('files:take-opened', { all: true })).toMatchObject({ ok: false });

    // The real token still reads.
    expect((await readAll(file)).toString()).toBe('email\n');
  });
});
