import { PROSPECT_EXPORT_COLUMNS } from '../../shared/prospect';
import type { Prospect } from '../../shared/prospect';
import { csvRecord } from '../../shared/csv/csv-writer';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { openDurableWriter } from '../store/atomic-write';

export type ExportFormat = 'csv' | 'json';

export interface ExportProgress {
  fetched: number;
  total: number | null;
}

/**
 * Writes every prospect of an account to a CSV or JSON file, page by page
 * (1,000 per request, one request at a time), never holding the account in
 * memory. The file appears only when complete: a cancelled or failed export
 * leaves no partial file behind.
 *
 * CSV sample (formula-safe, CRLF):
 *   id,email,first_name,…,snippet15,last_contacted,last_replied,updated
 *   1091000001,ana@example.com,Ana,…
 * JSON: an array of prospect objects with the same keys.
 */
export async function exportAccount(options: {
  client: WoodpeckerV1Client;
  path: string;
  format: ExportFormat;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}): Promise<{ prospects: number; path: string }> {
  const { client, signal, onProgress } = options;
  const pages = client.listAll(
    {},
    {
      perPage: 1000,
      signal,
      onPage: (p) => onProgress?.({ fetched: p.fetched, total: p.total }),
    },
  );
  return writeProspects({ ...options, pages });
}

/**
 * Writes pages of prospects (from the API or a local snapshot) to CSV or
 * JSON; the file appears only when complete.
 */
export async function writeProspects(options: {
  pages: AsyncIterable<readonly Prospect[]> | Iterable<readonly Prospect[]>;
  path: string;
  format: ExportFormat;
  signal?: AbortSignal;
}): Promise<{ prospects: number; path: string }> {
  const { pages, path, format, signal } = options;
  const writer = await openDurableWriter(path);
  let count = 0;
  try {
    await writer.write(format === 'csv' ? csvRecord(PROSPECT_EXPORT_COLUMNS) : '[');
    for await (const page of pages) {
      signal?.throwIfAborted();
      let chunk = '';
      for (const prospect of page) {
        chunk +=
          format === 'csv'
            ? csvRecord(toCells(prospect))
            : `${count === 0 ? '\n' : ',\n'}${JSON.stringify(prospect)}`;
        count++;
      }
      await writer.write(chunk);
    }
    signal?.throwIfAborted();
    if (format === 'json') await writer.write(count === 0 ? ']\n' : '\n]\n');
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { prospects: count, path };
}

function toCells(prospect: Prospect): string[] {
  return PROSPECT_EXPORT_COLUMNS.map((column) => {
    const value = prospect[column];
    return value === undefined || value === null ? '' : String(value);
  });
}
