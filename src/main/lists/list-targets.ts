import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { detached } from '../../shared/detached-string';
import { RowStore } from '../../shared/import/row-store';
import type { ListMeta } from '../../shared/lists';
import { AppError } from '../app-error';
import { LIST_ID } from './list-folders';

/**
 * The emails of a saved list, for choosing what to delete: the column mapped
 * to `email`, trimmed and lower-cased, unique, without rows the duplicate
 * resolution dropped. Blank cells are skipped (the import already reported
 * them as invalid rows).
 */
export async function listEmails(
  dataDir: string,
  meta: ListMeta,
): Promise<{ emails: string[]; rows: number }> {
  const column = meta.columns.find((c) => c.field === 'email')?.column;
  if (column === undefined) {
    throw new AppError('validation', `The list "${meta.name}" has no column mapped to email.`);
  }
  const store = await loadListRows(dataDir, meta.id);
  const dropped = new Set(meta.droppedRows ?? []);
  const emails = new Set<string>();
  for (let row = 0; row < store.length; row++) {
    if (dropped.has(row)) continue;
    const email = (store.get(row)[column] ?? '').trim().toLowerCase();
    if (email !== '') emails.add(detached(email));
  }
  return { emails: [...emails], rows: store.length };
}

/** A saved list's rows, read from disk (`rows.bin` + `offsets.bin`). */
export async function loadListRows(dataDir: string, id: string): Promise<RowStore> {
  if (!LIST_ID.test(id)) throw new AppError('validation', `"${id}" is not a list id.`);
  const dir = join(dataDir, 'lists', id);
  let rows: Buffer;
  let offsets: Buffer;
  try {
    [rows, offsets] = await Promise.all([
      readFile(join(dir, 'rows.bin')),
      readFile(join(dir, 'offsets.bin')),
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', 'That list no longer exists.');
    }
    throw error;
  }
  // Copy into an aligned buffer: a Buffer from the pool may start at any offset.
  const index = new Float64Array(offsets.byteLength / 8);
  new Uint8Array(index.buffer).set(offsets.subarray(0, index.length * 8));
  return RowStore.deserialize(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), index);
}
