import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowStore } from '../../../src/shared/import/row-store';
import type { ListMetaInput, ListPart } from '../../../src/shared/lists';
import { ListFiles } from '../../../src/main/lists/list-files';
import type { ListFilesOptions } from '../../../src/main/lists/list-files';
import { makeTempDir } from '../../support/temp-dir';
import {
  listMetaFor,
  offsetsOf,
  pieces,
  sameBytes,
  storeParts,
  unicodeStore,
} from './list-fixtures';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const listsDir = () => join(dataDir, 'lists');

async function uploadParts(
  files: ListFiles,
  parts: Record<ListPart, Uint8Array>,
  meta: ListMetaInput,
  pieceBytes = 64 * 1024,
): Promise<string> {
  const uploadId = await files.begin(meta);
  for (const part of ['rows', 'offsets'] as const) {
    for (const [seq, bytes] of pieces(parts[part], pieceBytes).entries()) {
      await files.append(uploadId, part, seq, bytes);
    }
  }
  return uploadId;
}

async function readAll(files: ListFiles, id: string, part: ListPart) {
  const read: Uint8Array[] = [];
  for (let seq = 0; ; seq++) {
    const piece = await files.read(id, part, seq);
    read.push(piece.bytes);
    if (piece.last) return { bytes: Buffer.concat(read), pieces: read.length };
  }
}

describe('ListFiles', () => {
  it('reads a list back in pieces of the configured size, byte-identical', async () => {
    const files = new ListFiles(dataDir, { readChunkBytes: 1024 * 1024 });
    const store = unicodeStore(10_000, 10);
    const parts = storeParts(store);
    const meta = await files.commit(await uploadParts(files, parts, listMetaFor(10_000)));

    const rows = await readAll(files, meta.id, 'rows');
    expect(rows.pieces).toBe(Math.ceil(parts.rows.byteLength / (1024 * 1024)));
    expect(sameBytes(rows.bytes, parts.rows)).toBe(true);
    const offsets = await readAll(files, meta.id, 'offsets');
    expect(sameBytes(offsets.bytes, parts.offsets)).toBe(true);
    const restored = RowStore.deserialize(
      new Uint8Array(rows.bytes),
      new Float64Array(new Uint8Array(offsets.bytes).buffer),
    );
    expect(restored.get(9_999)).toEqual(store.get(9_999));
    expect(await files.read(meta.id, 'rows', 99)).toEqual({ bytes: new Uint8Array(0), last: true });
  });

  it('saves an empty list, whose rows part reads as one empty last piece', async () => {
    const files = new ListFiles(dataDir);
    const uploadId = await files.begin(listMetaFor(0));
    await files.append(uploadId, 'offsets', 0, offsetsOf([0]));
    const meta = await files.commit(uploadId);
    expect(meta).toMatchObject({ rows: 0, bytes: 0 });
    expect(await files.read(meta.id, 'rows', 0)).toEqual({ bytes: new Uint8Array(0), last: true });
  });

  it('cleans a save never committed at the next start, and keeps one still running', async () => {
    const before = new ListFiles(dataDir);
    await uploadParts(before, storeParts(unicodeStore(5)), listMetaFor(5));
    const running = await before.begin(listMetaFor(1));
    expect(await before.list()).toEqual({ lists: [], damaged: [] });
    expect(await readdir(listsDir())).toHaveLength(2);

    // A new run (app restart) knows no uploads: both folders are stale.
    const after = new ListFiles(dataDir);
    expect(await after.list()).toEqual({ lists: [], damaged: [] });
    expect(await readdir(listsDir())).toEqual([]);
    expect(running).toMatch(/^u_/);
  });

  it('forgets uploads idle longer than the limit', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const options: ListFilesOptions = { uploadIdleMs: 60_000, now: () => new Date(now) };
    const files = new ListFiles(dataDir, options);
    const uploadId = await files.begin(listMetaFor(0));
    now += 61_000;
    await files.list();
    expect(await readdir(listsDir())).toEqual([]);
    await expect(files.append(uploadId, 'offsets', 0, offsetsOf([0]))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('takes concurrent chunks in arrival order, refusing a duplicate', async () => {
    const files = new ListFiles(dataDir);
    const parts = storeParts(unicodeStore(50));
    const uploadId = await files.begin(listMetaFor(50));
    const [first, second] = pieces(parts.rows, Math.ceil(parts.rows.length / 2));
    const results = await Promise.allSettled([
      files.append(uploadId, 'rows', 0, first!),
      files.append(uploadId, 'rows', 0, first!),
      files.append(uploadId, 'rows', 1, second!),
      files.append(uploadId, 'offsets', 0, parts.offsets),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const meta = await files.commit(uploadId);
    expect(sameBytes((await readAll(files, meta.id, 'rows')).bytes, parts.rows)).toBe(true);
  });

  it('drops an upload that goes over the size limit', async () => {
    const files = new ListFiles(dataDir, { maxListBytes: 1000 });
    const uploadId = await files.begin(listMetaFor(1));
    await files.append(uploadId, 'rows', 0, new Uint8Array(600));
    await expect(files.append(uploadId, 'rows', 1, new Uint8Array(600))).rejects.toMatchObject({
      code: 'validation',
    });
    expect(await readdir(listsDir())).toEqual([]);
    await expect(files.commit(uploadId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each([
    ['a partial offset entry', new Uint8Array(12), 0, 0],
    ['too few rows in the index', offsetsOf([0, 3]), 3, 2],
    ['a last offset past the data', offsetsOf([0, 3, 9]), 6, 2],
    ['offsets going backwards', offsetsOf([0, 4, 2, 6]), 6, 3],
  ])('refuses %s and leaves nothing', async (_case, offsets, rowsSize, rows) => {
    const files = new ListFiles(dataDir);
    const parts = { rows: new Uint8Array(rowsSize).fill(65), offsets };
    const uploadId = await uploadParts(files, parts, listMetaFor(rows));
    await expect(files.commit(uploadId)).rejects.toMatchObject({ code: 'validation' });
    expect(await readdir(listsDir())).toEqual([]);
    expect(await files.list()).toEqual({ lists: [], damaged: [] });
  });

  it('re-saves over a list, keeping id and import date; lists newest first', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const files = new ListFiles(dataDir, { now: () => new Date((now += 1000)) });
    const save = async (store: RowStore, meta: ListMetaInput) =>
      files.commit(await uploadParts(files, storeParts(store), meta));
    const a = await save(unicodeStore(3), listMetaFor(3, { name: 'A' }));
    const b = await save(unicodeStore(4), listMetaFor(4, { name: 'B' }));
    const a2 = await save(unicodeStore(5), listMetaFor(5, { name: 'A2', replaces: a.id }));
    expect(a2).toMatchObject({ id: a.id, importedAt: a.importedAt, rows: 5 });
    expect(a2.updatedAt > a.updatedAt).toBe(true);
    expect((await files.list()).lists.map((l) => l.name)).toEqual(['A2', 'B']);
    expect((await readdir(listsDir())).sort()).toEqual([a.id, b.id].sort());

    // A re-save of a list removed meanwhile becomes a new list.
    await files.remove(b.id);
    const b2 = await save(unicodeStore(1), listMetaFor(1, { name: 'B2', replaces: b.id }));
    expect(b2.id).not.toBe(b.id);
  });

  it('re-saving over a damaged list replaces it', async () => {
    const files = new ListFiles(dataDir);
    const parts = storeParts(unicodeStore(2));
    const old = await files.commit(await uploadParts(files, parts, listMetaFor(2)));
    await writeFile(join(listsDir(), old.id, 'meta.json'), 'not json');
    expect((await files.list()).damaged).toEqual([
      { id: old.id, reason: expect.stringContaining('not valid JSON') },
    ]);
    const fixed = await files.commit(
      await uploadParts(files, parts, listMetaFor(2, { replaces: old.id })),
    );
    expect(fixed.id).toBe(old.id);
    expect(await files.list()).toEqual({ lists: [fixed], damaged: [] });
  });

  it('reports missing, foreign and mismatched meta.json as damaged', async () => {
    const files = new ListFiles(dataDir);
    const parts = storeParts(unicodeStore(2));
    const a = await files.commit(await uploadParts(files, parts, listMetaFor(2)));
    const b = await files.commit(await uploadParts(files, parts, listMetaFor(2)));
    await cp(join(listsDir(), a.id), join(listsDir(), 'l_0123456789ab'), { recursive: true });
    await rm(join(listsDir(), b.id, 'meta.json'));
    await mkdir(join(listsDir(), 'not-a-list'));

    const { lists, damaged } = await files.list();
    expect(lists.map((l) => l.id)).toEqual([a.id]);
    expect(damaged).toEqual(
      [
        { id: 'l_0123456789ab', reason: expect.stringContaining('belongs to another list') },
        { id: b.id, reason: expect.stringContaining('meta.json is missing') },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
  });

  it('finishes an interrupted re-save and removes interrupted deletes', async () => {
    const files = new ListFiles(dataDir);
    const parts = storeParts(unicodeStore(3));
    const a = await files.commit(await uploadParts(files, parts, listMetaFor(3)));
    const b = await files.commit(await uploadParts(files, parts, listMetaFor(3)));
    // Crash after moving a's old copy aside, before moving the new one in.
    await rename(join(listsDir(), a.id), join(listsDir(), `.replaced-${a.id}`));
    await mkdir(join(listsDir(), '.upload-u_00000000000000ff'));
    // Crash mid-delete of b.
    await rename(join(listsDir(), b.id), join(listsDir(), `.trash-${b.id}-abcd`));

    const restarted = new ListFiles(dataDir);
    expect((await restarted.list()).lists.map((l) => l.id)).toEqual([a.id]);
    expect(await readdir(listsDir())).toEqual([a.id]);
    expect(sameBytes(await readFile(join(listsDir(), a.id, 'rows.bin')), parts.rows)).toBe(true);
  });

  it('abortAll drops uploads in progress', async () => {
    const files = new ListFiles(dataDir);
    const uploadId = await uploadParts(files, storeParts(unicodeStore(3)), listMetaFor(3));
    await files.abortAll();
    expect(await readdir(listsDir())).toEqual([]);
    await expect(files.commit(uploadId)).rejects.toMatchObject({ code: 'not_found' });
  });
});
