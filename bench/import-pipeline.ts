/**
 * The whole import pipeline (parse + map + validate + dedupe, rows kept in
 * the RowStore for the grid) as a multiple of R, the streaming read + UTF-8
 * decode of the same file measured in the same run (performance-facts.md).
 * Targets (issue "Import spreadsheets"): ≤ 3 × R at 100k rows, ≤ 5 × R at 1M,
 * peak V8 heap ≤ 1.5 GB at 1M, first rows ≤ 0.5 s.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { ImportSession } from '../src/shared/import/import-session';
import { barePapaparse, readAndDecode } from './import-parse';

const READ_CHUNK = 4 << 20;

export interface PipelineBench {
  rows: number;
  rMs: number;
  /** Bare papaparse on the same file, same run (its ratio to R is the notes' 2.5 / 4.4 × R). */
  papaMs: number;
  papaRatio: number;
  pipelineMs: number;
  ratio: number;
  firstRowsMs: number;
  peakHeapMb: number;
  storeMb: number;
}

export async function benchPipeline(path: string): Promise<PipelineBench> {
  const rBefore = await readAndDecode(path);
  const papaMs = await barePapaparse(path);
  const { size } = await stat(path);
  let peak = getHeapStatistics().used_heap_size;
  const sampler = setInterval(() => {
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
  }, 20);
  const started = performance.now();
  const session = ImportSession.start(createReadStream(path, { highWaterMark: READ_CHUNK }), {
    fileName: path,
    totalBytes: size,
  });
  await session.ready;
  const firstRowsMs = performance.now() - started;
  const summary = await session.done;
  const pipelineMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, getHeapStatistics().used_heap_size);
  const rAfter = await readAndDecode(path);
  const rMs = Math.min(rBefore, rAfter);
  return {
    rows: summary.rows,
    rMs: Math.round(rMs),
    papaMs: Math.round(papaMs),
    papaRatio: Math.round((papaMs / rMs) * 100) / 100,
    pipelineMs: Math.round(pipelineMs),
    ratio: Math.round((pipelineMs / rMs) * 100) / 100,
    firstRowsMs: Math.round(firstRowsMs),
    peakHeapMb: Math.round(peak / (1 << 20)),
    storeMb: Math.round(session.storeBytes() / (1 << 20)),
  };
}
