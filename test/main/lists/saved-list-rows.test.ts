import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RowStore } from '../../../src/shared/import/row-store';
import type { ListMeta } from '../../../src/shared/lists';
import { ListFiles } from '../../../src/main/lists/list-files';
import { SavedListRows } from '../../../src/main/lists/list-targets';
import { makeTempDir } from '../../support/temp-dir';
import { listMetaFor, sameBytes, storeParts, unicodeStore } from './list-fixtures';

let dataDir: string;
let cleanup: () => Promise<void>;
let files: ListFiles;
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
  files = new ListFiles(dataDir);
});
afterEach(async () => cleanup());

async function save(store: RowStore, replaces?: string): Promise<ListMeta> {
  const parts = storeParts(store);
  const uploadId = await files.begin(listMetaFor(store.length, replaces ? { replaces } : {}));
  await files.append(uploadId, 'rows', 0, parts.rows);
  await files.append(uploadId, 'offsets', 0, parts.offsets);
  return files.commit(uploadId);
}

const openRows = (meta: ListMeta) =>
  SavedListRows.open(dataDir, meta.id, () => files.meta(meta.id));

describe('SavedListRows', () => {
  it('reads exactly the rows asked for, across read windows, after it is closed too', async () => {
    // ~2 KB a row: 20,000 rows span several 16 MB windows.
    const store = unicodeStore(20_000, 80);
    const meta = await save(store);
    const rows = await openRows(meta);
    const read = rows.reader();
    await rows.close();
    const wanted = [0, 1, 2, 7_000, 7_001, 12_345, 19_999];
    const { bytes, starts } = await read(Uint32Array.from(wanted));
    wanted.forEach((source, k) => {
      expect(sameBytes(bytes.subarray(starts[k]!, starts[k + 1]!), store.rowBytes(source))).toBe(
        true,
      );
    });
    const all = await read(Uint32Array.from({ length: 20_000 }, (_, i) => i));
    expect(sameBytes(all.bytes, storeParts(store).rows)).toBe(true);
    await expect(read(Uint32Array.from([5, 3]))).rejects.toThrow(/ascending/);
  });

  it('refuses to read once the list was saved again or removed: the preview is of another version', async () => {
    const meta = await save(unicodeStore(50));
    const rows = await openRows(meta);
    const read = rows.reader();
    await rows.close();
    await save(unicodeStore(60), meta.id);
    await expect(read(Uint32Array.from([0]))).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/saved again.*preview it again/),
    });
    await files.remove(meta.id);
    await expect(read(Uint32Array.from([0]))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('notices a save between reading the meta and opening the rows', async () => {
    const meta = await save(unicodeStore(50));
    await expect(
      SavedListRows.open(dataDir, meta.id, async () => {
        const old = await files.meta(meta.id);
        await save(unicodeStore(70), meta.id);
        return old;
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('loads every row of the save it opened', async () => {
    const store = unicodeStore(300);
    const rows = await openRows(await save(store));
    const loaded = await rows.loadAll();
    await rows.close();
    expect(loaded.length).toBe(300);
    for (const i of [0, 150, 299]) expect(loaded.get(i)).toEqual(store.get(i));
  });
});
