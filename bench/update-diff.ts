/**
 * The update preview's diff at scale, as the app runs it: an imported list of
 * N rows saved to disk, against an N-prospect snapshot on disk (issue
 * "snippet-update preview"). Reports snapshot load time (target ≤ 3 s at
 * 1M), the diff as a ratio to R = read + decode of the list file (target
 * ≤ 2 × R; a naive two-pass diff is 1.8–2.4 × R, performance-facts.md), and
 * the peak V8 heap while diffing.
 *
 * "diff" is what UpdateService.preview does once the snapshot is open: read
 * the list's meta and its saved fingerprint (block by block), check the rows
 * file is that save's, compare fingerprints. The changes of the rows that
 * will be sent are worked out later, a grid window at a time (or at apply).
 * "prepare" is the fingerprint's computation, once per saved list (in the
 * background after the save).
 *
 * The snapshot is built from the list itself: every 10th row missing (→ new),
 * every 3rd with another snippet1 (→ changed), the rest equal (→ unchanged).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { ListFiles } from '../src/main/lists/list-files';
import { ListFingerprints } from '../src/main/lists/list-fingerprints';
import { loadListRows, SavedListRows } from '../src/main/lists/list-targets';
import { SnapshotBuilder } from '../src/main/snapshot/snapshot-builder';
import { SnapshotStore } from '../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../src/main/snapshot/snapshot-view';
import { ImportSession } from '../src/shared/import/import-session';
import type { ListMeta } from '../src/shared/lists';
import type { Prospect } from '../src/shared/prospect';
import { buildHashedPreview } from '../src/shared/update/hashed-preview';
import { previewRows } from '../src/shared/update/list-preview-rows';
import { readAndDecode } from './import-parse';

export interface UpdateDiffBench {
  rows: number;
  rMs: number;
  loadMs: number;
  prepareMs: number;
  diffMs: number;
  ratio: number;
  peakHeapMb: number;
  byKind: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc;

export async function benchUpdateDiff(path: string): Promise<UpdateDiffBench> {
  // R first, with nothing else in memory (measured afterwards, next to a
  // full heap, it reads several times slower and flatters the ratio).
  gc?.();
  const rMs = await readAndDecode(path);
  const dataDir = await mkdtemp(join(tmpdir(), 'prospect-desk-bench-diff-'));
  try {
    const meta = await saveList(dataDir, path);
    const store = new SnapshotStore(dataDir, { connectionId: 'bench' });
    await writeSnapshot(store, dataDir, meta);
    gc?.();
    let started = performance.now();
    const prepared = await new ListFingerprints(dataDir).get(meta);
    const prepareMs = performance.now() - started;
    await prepared.close();
    if (prepared.count === 0) throw new Error('the list has no rows');

    gc?.();
    started = performance.now();
    const view = await openSnapshot(store);
    const loadMs = performance.now() - started;
    if (!view) throw new Error('the snapshot did not load');

    gc?.();
    let peak = getHeapStatistics().used_heap_size;
    const sampler = setInterval(() => {
      peak = Math.max(peak, getHeapStatistics().used_heap_size);
    }, 20);
    started = performance.now();
    const files = new ListFiles(dataDir);
    const rows = await SavedListRows.open(dataDir, meta.id, () => files.meta(meta.id));
    const fingerprint = await new ListFingerprints(dataDir).get(rows.meta);
    const preview = await buildHashedPreview(
      { fingerprint, meta, readRows: rows.reader() },
      view.fingerprints(),
      {
        clearBlanks: false,
        // The diff runs in slices; sample inside them too.
        onProgress: () => (peak = Math.max(peak, getHeapStatistics().used_heap_size)),
      },
    );
    const diffMs = performance.now() - started;
    clearInterval(sampler);
    await rows.close();
    await fingerprint.close();
    const summary = preview.summary();
    return {
      rows: summary.total,
      rMs: Math.round(rMs),
      loadMs: Math.round(loadMs),
      prepareMs: Math.round(prepareMs),
      diffMs: Math.round(diffMs),
      ratio: Math.round((diffMs / rMs) * 100) / 100,
      peakHeapMb: Math.round(peak / (1 << 20)),
      byKind: summary.byKind,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Imports the file and saves it as a list, the way the app does (in pieces to ListFiles). */
async function saveList(dataDir: string, path: string): Promise<ListMeta> {
  const { size } = await stat(path);
  const session = ImportSession.start(createReadStream(path, { highWaterMark: 4 << 20 }), {
    fileName: path,
    totalBytes: size,
  });
  await session.done;
  const { rows, offsets } = session.serialize();
  const files = new ListFiles(dataDir);
  const uploadId = await files.begin(session.toListMetaInput('bench'));
  const piece = 16 << 20;
  for (let at = 0, seq = 0; seq === 0 || at < rows.length; at += piece, seq++) {
    await files.append(uploadId, 'rows', seq, rows.subarray(at, at + piece));
  }
  await files.append(
    uploadId,
    'offsets',
    0,
    new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
  );
  return files.commit(uploadId);
}

async function writeSnapshot(store: SnapshotStore, dataDir: string, meta: ListMeta): Promise<void> {
  const list = await loadListRows(dataDir, meta.id);
  const { fields, rows } = previewRows({ meta, length: list.length, cells: (i) => list.get(i) });
  const builder = new SnapshotBuilder();
  let i = 0;
  for (const row of rows) {
    i++;
    if (i % 10 === 0 || row.emailKey === null) continue;
    const prospect: Prospect = { id: i, email: row.email, status: 'ACTIVE' };
    fields.forEach((field, f) => {
      const value = row.values[f] ?? '';
      if (field !== 'email' && value !== '')
        (prospect as unknown as Record<string, string>)[field] = value;
    });
    if (i % 3 === 0) prospect.snippet1 = `Earlier opener ${i}`;
    builder.append(prospect);
  }
  const now = new Date().toISOString();
  await store.commit(
    {
      connectionId: 'bench',
      count: builder.length,
      fullSyncAt: now,
      syncedAt: now,
      complete: true,
      deletionsVisible: true,
      lastSync: { mode: 'full', startedAt: now, finishedAt: now, received: builder.length },
    },
    builder.columns(),
  );
}
