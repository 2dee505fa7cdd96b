import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { detached } from '../../shared/detached-string';
import { RowStore } from '../../shared/import/row-store';
import type { ListMeta } from '../../shared/lists';
import { AppError } from '../app-error';
import { fillFrom, readWhole } from '../store/read-whole';
import type { RowTexts } from '../../shared/update/hashed-preview';
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

/**
 * A saved list's rows on disk, for the update preview: it reads only the rows
 * it needs, when it needs them (a 1M-row list is ~650 MB). Opening reads the
 * list's meta and opens rows.bin, and checks both belong to the same save (a
 * re-save replaces the whole folder, so rows.bin changes inode); reading
 * later (reader()) refuses once the list was saved again.
 */
export class SavedListRows {
  private constructor(
    private readonly dataDir: string,
    private readonly rows: FileHandle,
    private readonly file: Stats,
    private readonly offsets: Float64Array,
    readonly meta: ListMeta,
  ) {}

  static async open(
    dataDir: string,
    id: string,
    readMeta: () => Promise<ListMeta>,
  ): Promise<SavedListRows> {
    const path = rowsPath(dataDir, id);
    const before = await stat(path).catch(notFound);
    const meta = await readMeta();
    const rows = await open(path, 'r').catch(notFound);
    try {
      const file = await rows.stat();
      if (!sameFile(file, before) || file.size !== meta.bytes) throw savedAgain(meta);
      const bytes = await readWhole(join(dataDir, 'lists', id, 'offsets.bin'));
      const offsets = new Float64Array(
        bytes.buffer,
        bytes.byteOffset,
        Math.floor(bytes.length / 8),
      );
      if (offsets.length !== meta.rows + 1 || offsets[meta.rows] !== file.size) {
        throw new AppError(
          'internal',
          `The list "${meta.name}" is damaged: its row index does not match its rows.`,
        );
      }
      return new SavedListRows(dataDir, rows, file, offsets, meta);
    } catch (error) {
      await rows.close();
      throw error;
    }
  }

  /** Every row, from the open file (to compute the list's fingerprint when it has none). */
  async loadAll(): Promise<RowStore> {
    const size = this.offsets[this.offsets.length - 1]!;
    const bytes = new Uint8Array(size);
    if (!(await fillFrom(this.rows, bytes, 0))) throw new Error('The list file ended early.');
    return RowStore.deserialize(bytes, this.offsets);
  }

  /**
   * Reads rows of this save of the list whenever asked, after this is
   * closed too (see FingerprintedList.readRows); each read opens the file
   * again and refuses if the list was saved again since.
   */
  reader(): (sources: Uint32Array) => Promise<RowTexts> {
    const { dataDir, meta, file, offsets } = this;
    return async (sources) => {
      const handle = await open(rowsPath(dataDir, meta.id), 'r').catch(() => {
        throw savedAgain(meta);
      });
      try {
        if (!sameFile(await handle.stat(), file)) throw savedAgain(meta);
        return await readRowsAt(handle, offsets, sources);
      } finally {
        await handle.close();
      }
    };
  }

  async close(): Promise<void> {
    await this.rows.close();
  }
}

/** Bytes read from rows.bin at a time when reading chosen rows. */
const WINDOW_BYTES = 16 << 20;

/** Rows `sources` (ascending) as stored, back to back (see FingerprintedList.readRows). */
async function readRowsAt(
  rows: FileHandle,
  offsets: Float64Array,
  sources: Uint32Array,
): Promise<RowTexts> {
  const starts = new Float64Array(sources.length + 1);
  let previous = -1;
  for (let k = 0; k < sources.length; k++) {
    const source = sources[k]!;
    if (!(source > previous) || source + 1 >= offsets.length) {
      throw new RangeError(`Rows must be ascending and exist (row ${source}).`);
    }
    previous = source;
    starts[k + 1] = starts[k]! + offsets[source + 1]! - offsets[source]!;
  }
  const bytes = new Uint8Array(starts[sources.length]!);
  // Never more than the span of the rows asked for: a grid window is a few hundred rows.
  const last = sources.length === 0 ? 0 : offsets[sources[sources.length - 1]! + 1]!;
  let window = new Uint8Array(0);
  let from = 0; // file offset of window[0]
  let to = 0; // end of what the window holds
  for (let k = 0; k < sources.length; k++) {
    const start = offsets[sources[k]!]!;
    const end = offsets[sources[k]! + 1]!;
    if (start < from || end > to) {
      // Rows not wanted are skipped, not read: the next window starts here.
      const length = Math.max(end - start, Math.min(WINDOW_BYTES, last - start));
      if (length > window.length) window = new Uint8Array(length);
      const { bytesRead } = await rows.read(window, 0, length, start);
      from = start;
      to = start + bytesRead;
      if (end > to) throw new Error('The list file ended early.');
    }
    bytes.set(window.subarray(start - from, end - from), starts[k]!);
  }
  return { bytes, starts };
}

function rowsPath(dataDir: string, id: string): string {
  if (!LIST_ID.test(id)) throw new AppError('validation', `"${id}" is not a list id.`);
  return join(dataDir, 'lists', id, 'rows.bin');
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

function savedAgain(meta: ListMeta): AppError {
  return new AppError(
    'conflict',
    `The list "${meta.name}" was saved again (or removed) since this preview: preview it again.`,
  );
}

function notFound(error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new AppError('not_found', 'That list no longer exists.');
  }
  throw error;
}
