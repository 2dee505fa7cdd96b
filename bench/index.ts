/**
 * `npm run bench`: speed and request-count goals live here, never in tests.
 * Machines are noisy (±20%): compare request counts exactly, seconds loosely.
 *
 * BENCH_SIZES (default 10000,100000) sizes the API benches; BENCH_SNAPSHOT_SIZES
 * (default 100000,1000000) the snapshot sync + load; BENCH_DELETE_SIZES
 * (default 100000) the backup-then-delete run; BENCH_IMPORT_ROWS
 * (default 100000,1000000) the import benches (the 1M file is ~650 MB in the
 * temp folder, deleted afterwards); BENCH_INVALID_ROWS (default 1000000) the
 * all-invalid file (generated in memory); BENCH_CHROMIUM=0 skips the import in
 * Chromium (which needs the built renderer: `npm run bench` builds it).
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRequests } from './api-requests';
import { benchDeleteRun } from './delete-run';
import { benchChromiumImport } from './import-chromium';
import { benchSnapshot } from './snapshot';
import { benchUpdateDiff } from './update-diff';
import { generateProspectFile } from './generate-prospect-file';
import { benchPipeline } from './import-pipeline';
import { benchInvalidRows } from './import-invalid';

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback).split(',').filter(Boolean).map(Number);

console.log('API requests vs theoretical minimum (local sandbox, real HTTP)\n');
console.log('operation  prospects  requests  minimum  seconds');
for (const n of list(process.env.BENCH_SIZES, '10000,100000')) {
  for (const row of await benchRequests(n)) {
    const flag = row.requests === row.minimum ? '' : '  ← above minimum';
    console.log(
      `${row.operation.padEnd(9)}  ${String(row.prospects).padStart(9)}  ${String(row.requests).padStart(8)}  ${String(row.minimum).padStart(7)}  ${row.seconds.toFixed(2).padStart(7)}${flag}`,
    );
  }
}

console.log('\nAccount snapshot: full sync, then load from disk (one request at a time)\n');
console.log(
  'prospects  requests  minimum  sync s  file MB  load ms  heap MB  lookup µs  gap ms (median / max)',
);
for (const n of list(process.env.BENCH_SNAPSHOT_SIZES, '100000,1000000')) {
  const r = await benchSnapshot(n);
  const flag = r.syncRequests === r.minimumRequests ? '' : '  ← above minimum';
  console.log(
    `${String(r.prospects).padStart(9)}  ${String(r.syncRequests).padStart(8)}  ${String(r.minimumRequests).padStart(7)}  ${r.syncSeconds.toFixed(1).padStart(6)}  ${String(r.fileMb).padStart(7)}  ${String(r.loadMs).padStart(7)}  ${String(r.heapMb).padStart(7)}  ${String(r.lookupUs).padStart(9)}  ${`${r.medianGapMs} / ${r.maxGapMs}`.padStart(20)}${flag}`,
  );
}

console.log(
  '\nBackup-then-delete through the engine (fresh read, verified backup, journal; one request at a time)\n',
);
console.log('prospects  deletes  minimum  reads  backup s  delete s  max in flight');
for (const n of list(process.env.BENCH_DELETE_SIZES, '100000')) {
  const r = await benchDeleteRun(n);
  const flag = r.deleteRequests === r.minimum ? '' : '  ← above minimum';
  console.log(
    `${String(r.prospects).padStart(9)}  ${String(r.deleteRequests).padStart(7)}  ${String(r.minimum).padStart(7)}  ${String(r.readRequests).padStart(5)}  ${r.backupSeconds.toFixed(2).padStart(8)}  ${r.deleteSeconds.toFixed(2).padStart(8)}  ${String(r.maxInFlight).padStart(13)}${flag}`,
  );
}

console.log(
  '\nImport pipeline (parse + map + validate + dedupe, rows kept) vs R = read + decode\n',
);
console.log(
  'rows       R ms  papaparse ms  ratio  pipeline ms  ratio  first rows ms  peak heap MB  rows store MB',
);
const chromiumRows: string[] = [];
const diffRows: string[] = [];
for (const rows of list(process.env.BENCH_IMPORT_ROWS, '100000,1000000')) {
  const path = join(tmpdir(), `prospect-desk-bench-${rows}.csv`);
  try {
    await generateProspectFile(path, rows);
    const r = await benchPipeline(path);
    console.log(
      `${String(r.rows).padEnd(9)}  ${String(r.rMs).padStart(5)}  ${String(r.papaMs).padStart(12)}  ${r.papaRatio.toFixed(2).padStart(5)}  ${String(r.pipelineMs).padStart(11)}  ${r.ratio.toFixed(2).padStart(5)}  ${String(r.firstRowsMs).padStart(13)}  ${String(r.peakHeapMb).padStart(12)}  ${String(r.storeMb).padStart(13)}`,
    );
    const d = await benchUpdateDiff(path);
    diffRows.push(
      `${String(d.rows).padEnd(9)}  ${String(d.rMs).padStart(5)}  ${String(d.loadMs).padStart(7)}  ${String(d.prepareMs).padStart(10)}  ${String(d.diffMs).padStart(7)}  ${d.ratio.toFixed(2).padStart(5)}  ${String(d.peakHeapMb).padStart(12)}  ${JSON.stringify(d.byKind)}`,
    );
    if (process.env.BENCH_CHROMIUM !== '0') {
      const c = await benchChromiumImport(path);
      const flag = c.longestTaskMs > 50 ? '  ← long task over 50 ms' : '';
      chromiumRows.push(
        `${String(rows).padEnd(9)}  ${String(c.firstRowsMs).padStart(13)}  ${String(c.loadedMs).padStart(9)}  ${String(c.longestTaskMs).padStart(15)}  ${String(c.longTasks).padStart(10)}  ${String(c.heapMb).padStart(7)}${flag}`,
      );
    }
  } finally {
    await rm(path, { force: true });
  }
}
console.log('\nA file of invalid rows only: V8 heap kept after the import\n');
console.log('rows       invalid  heap MB kept');
for (const rows of list(process.env.BENCH_INVALID_ROWS, '1000000')) {
  const r = await benchInvalidRows(rows);
  console.log(
    `${String(rows).padEnd(9)}  ${String(r.invalid).padStart(7)}  ${String(r.heapMb).padStart(12)}`,
  );
}
if (diffRows.length > 0) {
  console.log(
    "\nUpdate preview: a saved list against a same-size snapshot on disk (diff vs R; prepare = the list's fingerprint, once per save)\n",
  );
  console.log('rows       R ms  load ms  prepare ms  diff ms  ratio  peak heap MB  kinds');
  for (const row of diffRows) console.log(row);
}
if (chromiumRows.length > 0) {
  console.log('\nImport in Chromium (built renderer, worker, grid scrolled while loading)\n');
  console.log('rows       first rows ms  loaded ms  longest task ms  long tasks  heap MB');
  for (const row of chromiumRows) console.log(row);
}
