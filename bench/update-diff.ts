/**
 * The update preview's diff at scale: an imported list of N rows against an
 * N-prospect snapshot on disk (issue "snippet-update preview"): snapshot load
 * time (target ≤ 3 s at 1M), the diff as a ratio to R = read + decode of the
 * list file (target ≤ 2 × R; a naive two-pass diff is 1.8–2.4 × R,
 * performance-facts.md), and the peak V8 heap while diffing.
 *
 * The snapshot is built from the list itself: every 10th row missing (→ new),
 * every 3rd with another snippet1 (→ changed), the rest equal (→ unchanged).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { SnapshotBuilder } from '../src/main/snapshot/snapshot-builder';
import { SnapshotStore } from '../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../src/main/snapshot/snapshot-view';
import { ImportSession } from '../src/shared/import/import-session';
import type { Prospect } from '../src/shared/prospect';
import {
  buildPreview,
  previewRows,
  sessionPreviewSource,
} from '../src/shared/update/list-preview-rows';
import type { PreviewListSource } from '../src/shared/update/list-preview-rows';
import { readAndDecode } from './import-parse';

export interface UpdateDiffBench {
  rows: number;
  rMs: number;
  loadMs: number;
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
  const source = await importList(path);
  const dataDir = await mkdtemp(join(tmpdir(), 'prospect-desk-bench-diff-'));
  try {
    const store = new SnapshotStore(dataDir, { connectionId: 'bench' });
    await writeSnapshot(store, source);
    gc?.();
    let started = performance.now();
    const view = await openSnapshot(store);
    const loadMs = performance.now() - started;
    if (!view) throw new Error('the snapshot did not load');

    gc?.();
    let peak = getHeapStatistics().used_heap_size;
    const sampler = setInterval(() => {
      peak = Math.max(peak, getHeapStatistics().used_heap_size);
    }, 20);
    started = performance.now();
    // The diff runs in slices; sample inside them too.
    let n = 0;
    const preview = await buildPreview(
      source,
      (fields) => {
        const find = view.storedLookup(fields);
        return (key) => {
          if (++n % 50_000 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
          return find(key);
        };
      },
      { clearBlanks: false },
    );
    const diffMs = performance.now() - started;
    clearInterval(sampler);
    const summary = preview.summary();
    return {
      rows: summary.total,
      rMs: Math.round(rMs),
      loadMs: Math.round(loadMs),
      diffMs: Math.round(diffMs),
      ratio: Math.round((diffMs / rMs) * 100) / 100,
      peakHeapMb: Math.round(peak / (1 << 20)),
      byKind: summary.byKind,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The list as the app keeps it after an import: rows in a RowStore, mapping in meta. */
async function importList(path: string): Promise<PreviewListSource> {
  const { size } = await stat(path);
  const session = ImportSession.start(createReadStream(path, { highWaterMark: 4 << 20 }), {
    fileName: path,
    totalBytes: size,
  });
  await session.done;
  return sessionPreviewSource(session, 'bench');
}

async function writeSnapshot(store: SnapshotStore, source: PreviewListSource): Promise<void> {
  const { fields, rows } = previewRows(source);
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
