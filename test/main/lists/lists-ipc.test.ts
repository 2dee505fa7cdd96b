import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowStore } from '../../../src/shared/import/row-store';
import type { ListMetaInput } from '../../../src/shared/lists';
import { startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const result = await app.services.router.invoke(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

function sampleStore(rows: number): RowStore {
  const store = new RowStore();
  for (let i = 0; i < rows; i++)
    store.append([`p${i}@example.com`, `Zoë ${i}`, 'snippet '.repeat(40)]);
  return store;
}

const meta = (rows: number, extra: Partial<ListMetaInput> = {}): ListMetaInput => ({
  name: 'Apollo export',
  sourceFile: 'apollo.csv',
  fileBytes: 1234,
  detection: { encoding: 'utf-8', bom: false, delimiter: ',', lineEnding: '\r\n', headerRow: 0 },
  headers: ['Email', 'First Name', 'Notes'],
  columns: [
    { column: 0, header: 'Email', field: 'email', confidence: 'exact' },
    { column: 1, header: 'First Name', field: 'first_name', confidence: 'alias' },
    { column: 2, header: 'Notes', field: null, confidence: 'none' },
  ],
  rows,
  valid: rows,
  invalid: 0,
  duplicates: 0,
  dropped: 0,
  ...extra,
});

async function save(store: RowStore, input: ListMetaInput, pieceBytes = 256 * 1024) {
  const { rows, offsets } = store.serialize();
  const { uploadId } = await call<{ uploadId: string }>('lists:begin-save', { meta: input });
  const parts = { rows, offsets: new Uint8Array(offsets.buffer) } as const;
  for (const part of ['rows', 'offsets'] as const) {
    const bytes = parts[part];
    for (let seq = 0, at = 0; at < bytes.length || seq === 0; seq++, at += pieceBytes) {
      await call('lists:save-chunk', {
        uploadId,
        part,
        seq,
        bytes: bytes.slice(at, at + pieceBytes),
      });
    }
  }
  return call<{ id: string; rows: number; importedAt: string }>('lists:commit-save', { uploadId });
}

async function load(id: string): Promise<RowStore> {
  const read = async (part: 'rows' | 'offsets') => {
    const pieces: Uint8Array[] = [];
    for (let seq = 0; ; seq++) {
      const { bytes, last } = await call<{ bytes: Uint8Array; last: boolean }>('lists:read-chunk', {
        id,
        part,
        seq,
      });
      pieces.push(bytes);
      if (last) break;
    }
    return Buffer.concat(pieces);
  };
  const rows = await read('rows');
  const offsetBytes = await read('offsets');
  const offsets = new Float64Array(
    offsetBytes.buffer,
    offsetBytes.byteOffset,
    offsetBytes.byteLength / 8,
  );
  return RowStore.deserialize(new Uint8Array(rows), offsets);
}

describe('saved lists over IPC', () => {
  it('saves a list in chunks and reads it back identical, listed with its counts', async () => {
    const store = sampleStore(3_000);
    const saved = await save(store, meta(3_000));
    expect(saved).toMatchObject({ rows: 3_000 });
    const { lists } = await call<{ lists: { id: string; name: string }[] }>('lists:list');
    expect(lists).toEqual([
      expect.objectContaining({ id: saved.id, name: 'Apollo export', sourceFile: 'apollo.csv' }),
    ]);
    const loaded = await load(saved.id);
    expect(loaded.length).toBe(3_000);
    expect(loaded.get(2_999)).toEqual(store.get(2_999));
  });

  it('refuses data that does not match its index and leaves nothing behind', async () => {
    await expect(save(sampleStore(10), meta(11))).rejects.toMatchObject({ code: 'validation' });
    expect((await call<{ lists: unknown[] }>('lists:list')).lists).toEqual([]);
    expect(await readdir(join(app.dataDir, 'lists'))).toEqual([]);
  });

  it('refuses chunks out of order', async () => {
    const { uploadId } = await call<{ uploadId: string }>('lists:begin-save', { meta: meta(1) });
    await expect(
      call('lists:save-chunk', { uploadId, part: 'rows', seq: 1, bytes: new Uint8Array(3) }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('a re-save replaces the list, keeping its id and import date; remove deletes it', async () => {
    const first = await save(sampleStore(5), meta(5));
    const second = await save(sampleStore(6), meta(6, { replaces: first.id, name: 'Edited' }));
    expect(second).toMatchObject({ id: first.id, importedAt: first.importedAt, rows: 6 });
    expect((await call<{ lists: unknown[] }>('lists:list')).lists).toHaveLength(1);
    expect(await call('lists:remove', { id: first.id })).toEqual({ removed: true });
    expect((await call<{ lists: unknown[] }>('lists:list')).lists).toEqual([]);
  });

  it('reports a damaged list without losing the others', async () => {
    const good = await save(sampleStore(2), meta(2));
    const bad = await save(sampleStore(2), meta(2, { name: 'Other' }));
    await writeFile(join(app.dataDir, 'lists', bad.id, 'meta.json'), '{"not": "a list"}');
    const { lists } = await call<{ lists: { id: string }[] }>('lists:list');
    expect(lists.map((l) => l.id)).toEqual([good.id]);
    expect(await readdir(join(app.dataDir, 'lists'))).toContain(bad.id);
  });
});

describe('exports and presets over IPC', () => {
  it('streams an export into the exports folder under a unique, safe name', async () => {
    const a = await call<{ exportId: string; path: string }>('exports:begin', {
      fileName: 'view.csv',
    });
    await call('exports:chunk', { exportId: a.exportId, text: 'email\r\n' });
    await call('exports:chunk', { exportId: a.exportId, text: 'zoë@example.com\r\n' });
    expect(await call('exports:commit', { exportId: a.exportId })).toMatchObject({
      path: a.path,
      bytes: 25,
    });
    expect(await readFile(a.path, 'utf8')).toBe('email\r\nzoë@example.com\r\n');
    const b = await call<{ path: string; exportId: string }>('exports:begin', {
      fileName: 'view.csv',
    });
    expect(b.path.endsWith('view (2).csv')).toBe(true);
    await call('exports:abort', { exportId: b.exportId });
    expect(await readdir(join(app.dataDir, 'exports'))).toEqual(['view.csv']);
    for (const fileName of ['../evil.csv', 'a/b.csv', '.hidden.csv', 'x.exe']) {
      await expect(call('exports:begin', { fileName })).rejects.toMatchObject({
        code: 'validation',
      });
    }
  });

  it('saves mapping presets, replacing one with the same headers', async () => {
    const { createPreset } = await import('../../../src/shared/import/mapping-presets');
    const { autoMap } = await import('../../../src/shared/import/header-mapping');
    const mapping = autoMap(['Email', 'First Name']);
    const one = createPreset({
      id: 'p1',
      name: 'HubSpot',
      mapping,
      createdAt: '2026-11-22T00:00:00Z',
    });
    const two = createPreset({
      id: 'p2',
      name: 'HubSpot v2',
      mapping,
      createdAt: '2026-11-22T01:00:00Z',
    });
    await call('presets:save', { preset: one });
    await call('presets:save', { preset: two });
    expect(await call('presets:list')).toEqual({ presets: [two] });
  });
});
