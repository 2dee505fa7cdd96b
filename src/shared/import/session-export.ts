/**
 * Exports a list (or a filtered view of it) as CSV or JSON text chunks of
 * about 1 MiB, so a million rows never become one string (V8's string limit,
 * performance-facts.md) and the caller can stream them to disk.
 *
 * CSV cells are formula-neutralised (src/shared/csv/formula-safety.ts), lines
 * end with CRLF, the delimiter is explicit and a UTF-8 BOM is optional for
 * Excel. Our own files are read back with these explicit settings.
 */
import { csvRecord, UTF8_BOM } from '../csv/csv-writer';
import type { RowPlan } from './normalise-row';
import { ROW_DROPPED, ROW_INVALID } from './session-types';
import type { ExportOptions } from './session-types';

const CHUNK_CHARS = 1 << 20;

export interface ExportSource {
  headers: readonly string[];
  plan: RowPlan;
  cells(index: number): string[];
  flags(index: number): number;
  line(index: number): number;
}

export function* exportChunks(
  source: ExportSource,
  indices: Iterable<number>,
  options: ExportOptions,
): Generator<string> {
  const byField = options.columns === 'prospect-fields';
  const names = byField ? [...source.plan.fields] : [...source.headers];
  const csv = { delimiter: options.delimiter ?? ',' };
  const values = new Array<string>(source.plan.fields.length);
  let chunk =
    options.format === 'csv' ? `${options.bom ? UTF8_BOM : ''}${csvRecord(names, csv)}` : '[';
  let first = true;
  for (const index of indices) {
    // Rows removed by a duplicate resolution never leave; rows with errors only on request.
    const flags = source.flags(index);
    if ((flags & ROW_DROPPED) !== 0 || (options.validOnly && (flags & ROW_INVALID) !== 0)) continue;
    const cells = source.cells(index);
    let row: readonly string[] = cells;
    if (byField) {
      source.plan.into(cells, source.line(index), values);
      row = values;
    }
    if (options.format === 'csv') {
      chunk += csvRecord(
        names.map((_, i) => row[i] ?? ''),
        csv,
      );
    } else {
      const object: Record<string, string> = {};
      names.forEach((name, i) => (object[name] = row[i] ?? ''));
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
      first = false;
    }
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (options.format === 'json') chunk += first ? ']\n' : '\n]\n';
  if (chunk !== '') yield chunk;
}
