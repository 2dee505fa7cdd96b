/**
 * The two yardsticks the import is measured against, in the same run
 * (machines are noisy, ±20%: performance-facts.md): R, the streaming read +
 * UTF-8 decode any JavaScript parser pays, and bare papaparse (`header:
 * false`, streamed text) — the floor for a pipeline that parses with it.
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

/** Node stream chunk size, as the CLI uses (1–10 MiB is the sweet spot). */
const READ_CHUNK = 4 << 20;

/** Streams `path` through one TextDecoder; returns ms. */
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

/**
 * Bare papaparse over the decoded stream (CRLF, comma: the bench file's
 * dialect), one parse call per chunk; returns ms. Records are counted, not
 * kept, so this is a lower bound of "papaparse with all rows kept".
 */
export async function barePapaparse(path: string): Promise<number> {
  const started = performance.now();
  const decoder = new TextDecoder();
  const parser = new Papa.Parser({ delimiter: ',', newline: '\r\n' });
  let pending = '';
  let records = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    const text = pending + decoder.decode(chunk as Buffer, { stream: true });
    const result = parser.parse(text, 0, true) as { data: string[][]; meta: { cursor: number } };
    records += result.data.length;
    pending = text.slice(result.meta.cursor);
  }
  records += (parser.parse(pending + decoder.decode(), 0, false) as { data: string[][] }).data
    .length;
  if (records < 0) throw new Error('unreachable');
  return performance.now() - started;
}
