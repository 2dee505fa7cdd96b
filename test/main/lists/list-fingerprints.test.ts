import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListMeta } from '../../../src/shared/lists';
import { buildListFingerprint } from '../../../src/shared/update/list-fingerprint';
import type {
  FingerprintBlock,
  ListFingerprint,
} from '../../../src/shared/update/list-fingerprint';
import { ListFiles } from '../../../src/main/lists/list-files';
import { ListFingerprints } from '../../../src/main/lists/list-fingerprints';
import { loadListRows } from '../../../src/main/lists/list-targets';
import type { Logger } from '../../../src/main/log';
import { makeTempDir } from '../../support/temp-dir';
import { listMetaFor, storeParts, unicodeStore } from './list-fixtures';

let dataDir: string;
let cleanup: () => Promise<void>;
let warnings: string[];
const logger: Logger = { log: (_level, message) => warnings.push(message) };
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
  warnings = [];
});
afterEach(async () => cleanup());

async function saveList(rows: number): Promise<ListMeta> {
  const files = new ListFiles(dataDir);
  const parts = storeParts(unicodeStore(rows));
  const uploadId = await files.begin(listMetaFor(rows));
  await files.append(uploadId, 'rows', 0, parts.rows);
  await files.append(uploadId, 'offsets', 0, parts.offsets);
  return files.commit(uploadId);
}

const fileOf = (meta: ListMeta) => join(dataDir, 'lists', meta.id, 'fingerprint.bin');

/** Rows that fail the test if loaded: proves a saved (or running) fingerprint was used. */
const untouchable = () => expect.fail('the rows were loaded');

async function expected(meta: ListMeta): Promise<FingerprintBlock[]> {
  const store = await loadListRows(dataDir, meta.id);
  const fp = await buildListFingerprint({ meta, length: store.length, cells: (i) => store.get(i) });
  return [...fp.held];
}

/** Every block, copied (a saved fingerprint reuses one buffer for all of them). */
async function blocksOf(fp: ListFingerprint): Promise<FingerprintBlock[]> {
  const out: FingerprintBlock[] = [];
  for await (const block of fp.blocks()) out.push(structuredClone(block));
  return out;
}

describe('ListFingerprints', () => {
  it('prepares a saved list in the background, and later previews use the saved file', async () => {
    const meta = await saveList(500);
    const fingerprints = new ListFingerprints(dataDir, logger);
    fingerprints.prepareInBackground(meta);
    // A preview asking meanwhile waits for that work rather than starting its own.
    await fingerprints.get(meta, { rows: untouchable });
    expect((await stat(fileOf(meta))).size).toBeGreaterThan(0);

    const again = new ListFingerprints(dataDir, logger);
    const fp = await again.get(meta, { rows: untouchable });
    expect(fp.count).toBe(500);
    expect(await blocksOf(fp)).toEqual(await expected(meta));
    await fp.close();
    expect(warnings).toEqual([]);
  });

  it('computes it again when the list was saved again since, or the file is damaged', async () => {
    const meta = await saveList(20_000); // two blocks
    const fingerprints = new ListFingerprints(dataDir, logger);
    await (await fingerprints.get(meta)).close();
    const saved = await readFile(fileOf(meta));

    // Another save of the list (same id, new time): the old file no longer counts.
    expect(await fingerprints.open({ ...meta, updatedAt: '2030-01-01T00:00:00.000Z' })).toBeNull();
    expect(warnings).toEqual([]);

    // Cut short: seen when it opens (no end marker); computed again.
    await truncate(fileOf(meta), saved.length - 100);
    expect(await fingerprints.open(meta)).toBeNull();
    expect(warnings).toEqual(['List fingerprint damaged: computing it again']);

    // A block that does not fit: seen while reading; the file is removed, the preview says so.
    const broken = Buffer.from(saved);
    const firstBlock = 16 + broken.readUInt32LE(8);
    broken.writeUInt32LE(3, firstBlock + ((8 - (firstBlock % 8)) % 8) + 4); // email bytes
    await writeFile(fileOf(meta), broken);
    const bad = (await fingerprints.open(meta))!;
    await expect(blocksOf(bad)).rejects.toThrow(/damaged.*preview the list again/);
    await bad.close();
    await expect(stat(fileOf(meta))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(warnings.at(-1)).toBe('List fingerprint damaged: removed');

    const rebuilt = await fingerprints.get(meta);
    expect(await blocksOf(rebuilt)).toEqual(await expected(meta));
    expect((await readFile(fileOf(meta))).equals(saved)).toBe(true);

    await writeFile(fileOf(meta), 'not a fingerprint');
    expect(await fingerprints.open(meta)).toBeNull();
  });

  it('stops background work when the app closes, and a cancelled preview does not wait for it', async () => {
    const meta = await saveList(2000);
    const closing = new ListFingerprints(dataDir, logger);
    closing.prepareInBackground(meta);
    await closing.close();
    await expect(stat(fileOf(meta))).rejects.toMatchObject({ code: 'ENOENT' });

    const fingerprints = new ListFingerprints(dataDir, logger);
    fingerprints.prepareInBackground(meta);
    const controller = new AbortController();
    const waiting = fingerprints.get(meta, { rows: untouchable, signal: controller.signal });
    controller.abort(new Error('cancelled by the user'));
    await expect(waiting).rejects.toThrow('cancelled by the user');
    await fingerprints.close();
    expect(warnings).toEqual([]);
  });
});
