import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { detached } from '../../shared/detached-string';
import { RowStore } from '../../shared/import/row-store';
import type { ListMeta } from '../../shared/lists';
import { AppError } from '../app-error';
import { readWhole } from '../store/read-whole';
import { LIST_ID } from './list-folders';
import { readListMeta } from './list-meta-file';

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
      readWhole(join(dir, 'rows.bin')),
      readWhole(join(dir, 'offsets.bin')),
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', 'That list no longer exists.');
    }
    throw error;
  }
  const index = new Float64Array(
    offsets.buffer,
    offsets.byteOffset,
    Math.floor(offsets.length / 8),
  );
  return RowStore.deserialize(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), index);
}

/** Bytes read from rows.bin at a time when copying chosen rows. */
const WINDOW_BYTES = 16 << 20;

/**
 * Some rows of a saved list, read from disk without loading the whole list
 * (a 1M-row list is ~650 MB; the update preview copies only the rows it
 * would send). Opening checks that the list on disk is still the version
 * `meta` describes, and the open file keeps that version readable even if the
 * list is saved again meanwhile.
 */
export class SavedListRows {
  private constructor(
    private readonly rows: FileHandle,
    private readonly offsets: Float64Array,
  ) {}

  static async open(dataDir: string, meta: ListMeta): Promise<SavedListRows> {
    if (!LIST_ID.test(meta.id)) throw new AppError('validation', `"${meta.id}" is not a list id.`);
    const dir = join(dataDir, 'lists', meta.id);
    let rows: FileHandle;
    try {
      rows = await open(join(dir, 'rows.bin'), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('not_found', 'That list no longer exists.');
      }
      throw error;
    }
    try {
      // Read after opening rows.bin: a save in between shows here.
      const now = await readListMeta(dir, meta.id);
      if (now.updatedAt !== meta.updatedAt) {
        throw new AppError(
          'conflict',
          `The list "${meta.name}" was saved again: preview it again.`,
        );
      }
      const bytes = await readWhole(join(dir, 'offsets.bin'));
      const offsets = new Float64Array(
        bytes.buffer,
        bytes.byteOffset,
        Math.floor(bytes.length / 8),
      );
      const { size } = await rows.stat();
      if (offsets.length !== meta.rows + 1 || offsets[meta.rows] !== size) {
        throw new AppError(
          'internal',
          `The list "${meta.name}" is damaged: its row index does not match its rows.`,
        );
      }
      return new SavedListRows(rows, offsets);
    } catch (error) {
      await rows.close();
      throw error;
    }
  }

  /** Calls `each` with the stored bytes of rows `sources` (ascending), in order. */
  async read(
    sources: Uint32Array,
    each: (bytes: Uint8Array) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    let window = new Uint8Array(WINDOW_BYTES);
    let from = 0; // file offset of window[0]
    let to = 0; // end of what the window holds
    let previous = -1;
    for (const source of sources) {
      if (!(source > previous) || source + 1 >= this.offsets.length) {
        throw new RangeError(`Rows must be ascending and exist (row ${source}).`);
      }
      previous = source;
      const start = this.offsets[source]!;
      const end = this.offsets[source + 1]!;
      if (start < from || end > to) {
        signal?.throwIfAborted();
        // Rows not wanted are skipped, not read: the next window starts here.
        if (end - start > window.length) window = new Uint8Array(end - start);
        const { bytesRead } = await this.rows.read(window, 0, window.length, start);
        from = start;
        to = start + bytesRead;
        if (end > to) throw new Error('The list file ended early.');
      }
      each(window.subarray(start - from, end - from));
    }
  }

  async close(): Promise<void> {
    await this.rows.close();
  }
}
