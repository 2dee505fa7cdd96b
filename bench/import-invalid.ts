/**
 * A file whose every row is invalid (a wrong column mapped to email, say):
 * the V8 heap the import keeps afterwards. Rows keep only a flag; their cell
 * errors are recomputed for the grid and reports, so this stays as small as
 * for a valid file instead of growing with every bad row.
 */
import { getHeapStatistics } from 'node:v8';
import { ImportSession } from '../src/shared/import/import-session';

const gc = (globalThis as { gc?: () => void }).gc;

export async function benchInvalidRows(rows: number): Promise<{ invalid: number; heapMb: number }> {
  const encoder = new TextEncoder();
  const snippet = 'déjà vu résumé '.repeat(40);
  async function* file(): AsyncGenerator<Uint8Array> {
    yield encoder.encode('Email,First Name,Snippet 1\r\n');
    let text = '';
    for (let i = 0; i < rows; i++) {
      text += `not-an-email-${i},Ann ${i},"${snippet} ${i}"\r\n`;
      if (text.length > 1 << 20) {
        yield encoder.encode(text);
        text = '';
      }
    }
    yield encoder.encode(text);
  }
  gc?.();
  const before = getHeapStatistics().used_heap_size;
  const session = ImportSession.start(file(), { fileName: 'invalid.csv', totalBytes: null });
  const summary = await session.done;
  gc?.();
  const heapMb = Math.round((getHeapStatistics().used_heap_size - before) / (1 << 20));
  // Still in use here, so the session was not collected before the measurement.
  if (session.summary().rows !== summary.rows) throw new Error('the session changed');
  return { invalid: summary.invalid, heapMb };
}
