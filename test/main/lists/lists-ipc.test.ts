import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES } from '../../../src/shared/ipc/contract';
import { RowStore } from '../../../src/shared/import/row-store';
import type { ListMeta, ListMetaInput, ListPart } from '../../../src/shared/lists';
import { invokeOk, startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';
import { listMetaFor, pieces, sameBytes, storeParts, unicodeStore } from './list-fixtures';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

const call = <T>(channel: string, input?: unknown) => invokeOk<T>(app, channel, input);

async function upload(store: RowStore, meta: ListMetaInput, pieceBytes = 512 * 1024) {
  const parts = storeParts(store);
  const { uploadId } = await call<{ uploadId: string }>('lists:begin-save', { meta });
  for (const part of ['rows', 'offsets'] as const) {
    for (const [seq, bytes] of pieces(parts[part], pieceBytes).entries()) {
      await call('lists:save-chunk', { uploadId, part, seq, bytes });
    }
  }
  return uploadId;
}

async function save(store: RowStore, meta: ListMetaInput, pieceBytes?: number) {
  const uploadId = await upload(store, meta, pieceBytes);
  return call<ListMeta>('lists:commit-save', { uploadId });
}

async function readPart(id: string, part: ListPart): Promise<Uint8Array> {
  const read: Uint8Array[] = [];
  for (let seq = 0; ; seq++) {
    const piece = await call<{ bytes: Uint8Array; last: boolean }>('lists:read-chunk', {
      id,
      part,
      seq,
    });
    read.push(piece.bytes);
    if (piece.last) return Buffer.concat(read);
  }
}

const listing = () =>
  call<{ lists: ListMeta[]; damaged: { id: string; reason: string }[] }>('lists:list');

describe('saved lists over IPC', () => {
  it('saves ~2.5 MB of unicode rows in several chunks and reads them back byte-identical', async () => {
    const store = unicodeStore(10_000, 10);
    const parts = storeParts(store);
    expect(parts.rows.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    const saved = await save(store, listMetaFor(10_000));
    expect(saved).toMatchObject({
      rows: 10_000,
      bytes: parts.rows.byteLength,
      name: 'Apollo export',
    });
    expect(saved.id).toMatch(/^l_[0-9a-f]{12}$/);

    expect(sameBytes(await readPart(saved.id, 'rows'), parts.rows)).toBe(true);
    expect(sameBytes(await readPart(saved.id, 'offsets'), parts.offsets)).toBe(true);
    expect(await listing()).toEqual({ lists: [saved], damaged: [] });
  });

  it('refuses data that does not match its index and leaves nothing behind', async () => {
    await expect(save(unicodeStore(10), listMetaFor(11))).rejects.toMatchObject({
      code: 'validation',
    });
    expect(await listing()).toEqual({ lists: [], damaged: [] });
    expect(await readdir(join(app.dataDir, 'lists'))).toEqual([]);
  });

  it('refuses chunks out of order or repeated, and the upload can go on', async () => {
    const parts = storeParts(unicodeStore(3));
    const { uploadId } = await call<{ uploadId: string }>('lists:begin-save', {
      meta: listMetaFor(3),
    });
    const chunk = (part: ListPart, seq: number, bytes: Uint8Array) =>
      call('lists:save-chunk', { uploadId, part, seq, bytes });
    await expect(chunk('rows', 1, parts.rows)).rejects.toMatchObject({ code: 'validation' });
    await chunk('rows', 0, parts.rows);
    await expect(chunk('rows', 0, parts.rows)).rejects.toMatchObject({ code: 'validation' });
    await chunk('offsets', 0, parts.offsets);
    expect(await call('lists:commit-save', { uploadId })).toMatchObject({ rows: 3 });
  });

  it('refuses a chunk larger than MAX_CHUNK_BYTES at the contract', async () => {
    const { uploadId } = await call<{ uploadId: string }>('lists:begin-save', {
      meta: listMetaFor(0),
    });
    const bytes = new Uint8Array(MAX_CHUNK_BYTES + 1);
    await expect(
      call('lists:save-chunk', { uploadId, part: 'rows', seq: 0, bytes }),
    ).rejects.toMatchObject({ code: 'validation', message: 'Chunk too large.' });
  });

  it('keeps a begun but uncommitted save invisible', async () => {
    await upload(unicodeStore(5), listMetaFor(5));
    expect(await listing()).toEqual({ lists: [], damaged: [] });
  });

  it('answers not_found for unknown uploads and lists', async () => {
    const unknownUpload = { uploadId: 'u_0000000000000000' };
    await expect(call('lists:commit-save', unknownUpload)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      call('lists:read-chunk', { id: 'l_000000000000', part: 'rows', seq: 0 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      call('lists:read-chunk', { id: '../../etc', part: 'rows', seq: 0 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await call('lists:remove', { id: 'l_000000000000' })).toEqual({ removed: false });
  });

  it('a re-save replaces the list, keeping its id and import date; remove deletes it', async () => {
    const first = await save(unicodeStore(5), listMetaFor(5));
    const edited = unicodeStore(6);
    const second = await save(edited, listMetaFor(6, { replaces: first.id, name: 'Edited' }));
    expect(second).toMatchObject({ id: first.id, importedAt: first.importedAt, rows: 6 });
    expect(second).not.toHaveProperty('replaces');
    const { lists } = await listing();
    expect(lists).toEqual([second]);
    expect(sameBytes(await readPart(first.id, 'rows'), storeParts(edited).rows)).toBe(true);
    expect(await readdir(join(app.dataDir, 'lists'))).toEqual([first.id]);

    expect(await call('lists:remove', { id: first.id })).toEqual({ removed: true });
    expect(await listing()).toEqual({ lists: [], damaged: [] });
    expect(await readdir(join(app.dataDir, 'lists'))).toEqual([]);
  });

  it('reports a damaged list next to the good ones, keeps it, and lets it be removed', async () => {
    const good = await save(unicodeStore(2), listMetaFor(2));
    const bad = await save(unicodeStore(2), listMetaFor(2, { name: 'Other' }));
    await writeFile(join(app.dataDir, 'lists', bad.id, 'meta.json'), '{"not": "a list"}');

    const { lists, damaged } = await listing();
    expect(lists.map((l) => l.id)).toEqual([good.id]);
    expect(damaged).toEqual([
      { id: bad.id, reason: expect.stringContaining('meta.json is invalid') },
    ]);
    expect(await readdir(join(app.dataDir, 'lists'))).toContain(bad.id);

    expect(await call('lists:remove', { id: bad.id })).toEqual({ removed: true });
    expect((await listing()).damaged).toEqual([]);
  });
});
