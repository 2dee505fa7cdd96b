/**
 * Import parse speed as a multiple of R, the streaming read + UTF-8 decode of
 * the same file that any JavaScript parser pays (performance-facts.md).
 * Machines are noisy (±20%), so R is measured in the same run, before and
 * after the parse, and the lower one is used (the ratio errs high).
 */
import { createReadStream } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { parseRecords } from '../src/shared/import/parse-records';

/** Node stream chunk size, as the CLI uses (1–10 MiB is the sweet spot). */
const READ_CHUNK = 4 << 20;

export interface ParseBench {
  rMs: number;
  parseMs: number;
  ratio: number;
  records: number;
  /** Highest V8 heap seen between batches, sampled every 20 ms (records are not kept). */
  peakHeapMb: number;
}

/** Streams `path` through one TextDecoder; returns ms and decoded length. */
export async function readAndDecode(path: string): Promise<number> {
  const started = performance.now();
  const decoder = new TextDecoder();
  let chars = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    chars += decoder.decode(chunk as Buffer, { stream: true }).length;
  }
  chars += decoder.decode().length;
  if (chars < 0) throw new Error('unreachable');
  return performance.now() - started;
}

export async function benchParse(path: string): Promise<ParseBench> {
  const rBefore = await readAndDecode(path);
  let peak = getHeapStatistics().used_heap_size;
  let sampled = 0;
  const started = performance.now();
  const parsed = await parseRecords(createReadStream(path, { highWaterMark: READ_CHUNK }));
  let records = 0;
  for await (const batch of parsed.batches) {
    records += batch.records.length;
    // Sampling every batch (~800 rows) would itself cost ~10% of the parse.
    const now = performance.now();
    if (now - sampled >= 20) {
      sampled = now;
      peak = Math.max(peak, getHeapStatistics().used_heap_size);
    }
  }
  const parseMs = performance.now() - started;
  const rAfter = await readAndDecode(path);
  const rMs = Math.min(rBefore, rAfter);
  return {
    rMs: Math.round(rMs),
    parseMs: Math.round(parseMs),
    ratio: Math.round((parseMs / rMs) * 100) / 100,
    records,
    peakHeapMb: Math.round(peak / (1 << 20)),
  };
}
