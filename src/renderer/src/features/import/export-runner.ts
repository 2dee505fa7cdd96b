/**
 * Streams an export from the worker to a file main writes in the data
 * folder's exports/: one ~1 MiB text chunk in flight at a time, so a million
 * rows never become one string or one message (notes/performance-facts.md).
 */
import type { ExportOptions, GridQuery } from '../../../../shared/import/session-types';
import { api, call } from '../../lib/api';
import type { ImportWorkerClient } from './worker-client';
import { WorkerCallError } from './worker-client';

export interface ExportRequest {
  fileName: string;
  /** The grid's current view, or null for the whole list. */
  query: GridQuery | null;
  options: ExportOptions;
  signal: AbortSignal;
  onProgress(charsWritten: number): void;
}

/** Runs the export; resolves with the file main wrote. Rejects with code 'cancelled' on abort. */
export async function runExport(
  client: ImportWorkerClient,
  request: ExportRequest,
): Promise<{ path: string; bytes: number }> {
  const file = await call(api.beginExport({ fileName: request.fileName }));
  let exportId: number | null = null;
  try {
    exportId = (
      await client.call('exportStart', { query: request.query, options: request.options })
    ).exportId;
    let written = 0;
    for (;;) {
      if (request.signal.aborted) throw new WorkerCallError('Export cancelled.', 'cancelled');
      const { text } = await client.call('exportNext', { exportId });
      if (text === null) break;
      await call(api.writeExportChunk({ exportId: file.exportId, text }));
      written += text.length;
      request.onProgress(written);
    }
    return await call(api.commitExport({ exportId: file.exportId }));
  } catch (error) {
    await api.abortExport({ exportId: file.exportId }).catch(() => undefined);
    if (exportId !== null) await client.call('exportAbort', { exportId }).catch(() => undefined);
    throw error;
  }
}

/** A file name for an export: the list's name, the date, and the format's extension. */
export function exportFileName(base: string, format: 'csv' | 'json', now = new Date()): string {
  const stem =
    base
      .replace(/\.[^.]+$/, '')
      .replace(/[^\p{L}\p{N}_ -]+/gu, '_')
      .trim() || 'list';
  const date = now.toISOString().slice(0, 10);
  return `${stem}-${date}.${format}`;
}
