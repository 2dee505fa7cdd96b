import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DamagedList } from '../../shared/ipc/contract';
import { MAX_CHUNK_BYTES } from '../../shared/ipc/contract';
import { LIST_PARTS } from '../../shared/lists';
import type { ListMeta, ListMetaInput, ListPart } from '../../shared/lists';
import { SerialQueue } from '../api/http/account-queue';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';
import { verifyListIndex } from './list-index';
import { readListMeta } from './list-meta-file';
import {
  fsyncDir,
  fsyncFile,
  isNotFound,
  LIST_ID,
  moveListIntoPlace,
  newListId,
  newUploadId,
  tidyListsFolder,
  trashFolder,
  uploadFolder,
} from './list-folders';

/**
 * Imported lists on disk, one folder each (names: list-folders.ts):
 *
 *   lists/<id>/meta.json    ListMeta, e.g. {"id":"l_1a2b3c4d5e6f","name":"Apollo",
 *                           "rows":3000,"bytes":912345,"importedAt":"2026-…",…}
 *   lists/<id>/rows.bin     UTF-8 rows back to back (RowStore.serialize)
 *   lists/<id>/offsets.bin  rows + 1 Float64 little-endian byte offsets
 *
 * A 1M-row list is ~650 MB, so saving streams chunks into
 * `lists/.upload-<uploadId>/`; commit fsyncs, checks the index against the
 * data, writes meta.json last and renames the folder into place, so a crash
 * leaves either no list or a whole one. Removal renames to `.trash-…` first
 * for the same reason.
 */
export interface ListFilesOptions {
  /** Size of each `read` piece; tests make it small. Default MAX_CHUNK_BYTES. */
  readChunkBytes?: number;
  /** Largest list accepted (rows + offsets). Default 4 GiB. */
  maxListBytes?: number;
  /** An upload without a chunk for this long is dropped. Default 1 hour. */
  uploadIdleMs?: number;
  now?: () => Date;
}

interface Upload {
  meta: ListMetaInput;
  dir: string;
  next: Record<ListPart, number>;
  bytes: Record<ListPart, number>;
  /** Chunks and the commit of one upload run one at a time, in arrival order. */
  queue: SerialQueue;
  touchedAt: number;
}

export class ListFiles {
  private readonly root: string;
  private readonly uploads = new Map<string, Upload>();
  /** Changes to the set of list folders (commit, remove, tidy) never interleave. */
  private readonly folders = new SerialQueue();
  private readonly readChunkBytes: number;
  private readonly maxListBytes: number;
  private readonly uploadIdleMs: number;
  private readonly now: () => Date;

  constructor(dataDir: string, options: ListFilesOptions = {}) {
    this.root = join(dataDir, 'lists');
    this.readChunkBytes = options.readChunkBytes ?? MAX_CHUNK_BYTES;
    this.maxListBytes = options.maxListBytes ?? 4 * 1024 ** 3;
    this.uploadIdleMs = options.uploadIdleMs ?? 60 * 60 * 1000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Saved lists, newest first, and the damaged ones (meta.json unreadable),
   * reported rather than hidden or deleted. Also tidies what an earlier run
   * left behind (abandoned uploads, trash, an interrupted re-save).
   */
  async list(): Promise<{ lists: ListMeta[]; damaged: DamagedList[] }> {
    return this.folders.run(async () => {
      await mkdir(this.root, { recursive: true });
      this.expireIdleUploads();
      await tidyListsFolder(this.root, (uploadId) => this.uploads.has(uploadId));
      const lists: ListMeta[] = [];
      const damaged: DamagedList[] = [];
      for (const entry of await readdir(this.root, { withFileTypes: true })) {
        if (!entry.isDirectory() || !LIST_ID.test(entry.name)) continue;
        try {
          lists.push(await this.meta(entry.name));
        } catch (error) {
          damaged.push({ id: entry.name, reason: (error as Error).message });
        }
      }
      lists.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
      damaged.sort((a, b) => a.id.localeCompare(b.id));
      return { lists, damaged };
    });
  }

  /** One list's meta.json, validated; a damaged one throws with the reason. */
  meta(id: string): Promise<ListMeta> {
    return readListMeta(this.listDir(id), id);
  }

  /** Starts a save; nothing is visible until `commit`. */
  async begin(meta: ListMetaInput): Promise<string> {
    this.expireIdleUploads();
    const uploadId = newUploadId();
    const dir = join(this.root, uploadFolder(uploadId));
    // Registered before the folder exists, so a concurrent tidy never removes it.
    this.uploads.set(uploadId, {
      meta,
      dir,
      next: { rows: 0, offsets: 0 },
      bytes: { rows: 0, offsets: 0 },
      queue: new SerialQueue(),
      touchedAt: this.now().getTime(),
    });
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      this.uploads.delete(uploadId);
      throw error;
    }
    return uploadId;
  }

  /**
   * Appends chunk `seq` of `part` (0, 1, 2… per part). A chunk out of order or
   * repeated is refused and changes nothing, so the upload can go on; an
   * upload over the size limit or failing to write is dropped.
   */
  async append(uploadId: string, part: ListPart, seq: number, bytes: Uint8Array): Promise<number> {
    return this.upload(uploadId).queue.run(async () => {
      const upload = this.upload(uploadId);
      upload.touchedAt = this.now().getTime();
      if (seq !== upload.next[part]) {
        const expected = upload.next[part];
        throw new AppError(
          'validation',
          `Piece ${seq} of the list's ${part} arrived out of order (expected ${expected}).`,
          { part, seq, expected },
        );
      }
      if (upload.bytes.rows + upload.bytes.offsets + bytes.byteLength > this.maxListBytes) {
        await this.drop(uploadId);
        const limit = `${Math.round(this.maxListBytes / 1024 ** 2)} MiB`;
        throw new AppError('validation', `The list is larger than ${limit} and cannot be saved.`);
      }
      try {
        const handle = await open(join(upload.dir, `${part}.bin`), 'a');
        try {
          await handle.write(bytes);
        } finally {
          await handle.close();
        }
      } catch (error) {
        await this.drop(uploadId);
        throw error;
      }
      upload.next[part]++;
      upload.bytes[part] += bytes.byteLength;
      return upload.bytes[part];
    });
  }

  /**
   * Verifies and publishes an upload. With `meta.replaces` naming a saved list,
   * the new one takes its place under the same id and import date.
   */
  async commit(uploadId: string): Promise<ListMeta> {
    return this.upload(uploadId).queue.run(() =>
      this.folders.run(async () => {
        const upload = this.upload(uploadId);
        this.uploads.delete(uploadId);
        try {
          return await this.publish(upload);
        } finally {
          await rm(upload.dir, { recursive: true, force: true });
        }
      }),
    );
  }

  /** Piece `seq` of a list's rows or offsets; an empty part is one empty last piece. */
  async read(
    id: string,
    part: ListPart,
    seq: number,
  ): Promise<{ bytes: Uint8Array; last: boolean }> {
    let handle: FileHandle;
    try {
      handle = await open(join(this.listDir(id), `${part}.bin`), 'r');
    } catch (error) {
      if (isNotFound(error)) throw listGone();
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const start = Math.min(seq * this.readChunkBytes, size);
      const bytes = new Uint8Array(Math.min(this.readChunkBytes, size - start));
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(
          bytes,
          filled,
          bytes.length - filled,
          start + filled,
        );
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { bytes: bytes.subarray(0, filled), last: start + filled >= size };
    } finally {
      await handle.close();
    }
  }

  /** Deletes a list (damaged ones too); false when there was none. */
  async remove(id: string): Promise<boolean> {
    const dir = this.listDir(id);
    return this.folders.run(async () => {
      const trash = join(this.root, trashFolder(id));
      try {
        await rename(dir, trash);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
      await fsyncDir(this.root);
      await rm(trash, { recursive: true, force: true });
      return true;
    });
  }

  /** Drops every upload in progress (app shutdown). */
  async abortAll(): Promise<void> {
    for (const uploadId of [...this.uploads.keys()]) await this.drop(uploadId);
  }

  private async publish(upload: Upload): Promise<ListMeta> {
    for (const part of LIST_PARTS) {
      // A part never sent is an empty file, so every list has both.
      const path = join(upload.dir, `${part}.bin`);
      await (await open(path, 'a')).close();
      await fsyncFile(path);
    }
    const offsets = await readFile(join(upload.dir, 'offsets.bin'));
    const rowsSize = (await stat(join(upload.dir, 'rows.bin'))).size;
    verifyListIndex(offsets, rowsSize, upload.meta.rows);

    const replaced = await this.replaceable(upload.meta.replaces);
    const id = replaced?.id ?? newListId();
    const now = this.now().toISOString();
    const { replaces: _replaces, ...input } = upload.meta;
    const meta: ListMeta = {
      ...input,
      id,
      importedAt: replaced?.importedAt ?? now,
      updatedAt: now,
      bytes: rowsSize,
    };
    await writeFileDurably(join(upload.dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);

    await moveListIntoPlace(this.root, upload.dir, id, replaced !== null);
    return meta;
  }

  /**
   * The list a re-save replaces: its id and import date, or null when it is
   * gone (the save becomes a new list). A damaged one is replaced too, with
   * its import date unknown.
   */
  private async replaceable(
    replaces: string | undefined,
  ): Promise<{ id: string; importedAt: string | null } | null> {
    if (replaces === undefined || !LIST_ID.test(replaces)) return null;
    try {
      return await this.meta(replaces);
    } catch (error) {
      if (error instanceof AppError) {
        const folder = await stat(this.listDir(replaces)).catch(() => null);
        return folder?.isDirectory() ? { id: replaces, importedAt: null } : null;
      }
      throw error;
    }
  }

  private upload(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) {
      throw new AppError('not_found', 'That save is no longer in progress; save the list again.');
    }
    return upload;
  }

  private async drop(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    await rm(upload.dir, { recursive: true, force: true });
  }

  /** Forgets uploads the renderer abandoned; their folders go at the next tidy. */
  private expireIdleUploads(): void {
    const cutoff = this.now().getTime() - this.uploadIdleMs;
    for (const [uploadId, upload] of this.uploads) {
      if (upload.touchedAt < cutoff) this.uploads.delete(uploadId);
    }
  }

  private listDir(id: string): string {
    if (!LIST_ID.test(id)) throw listGone();
    return join(this.root, id);
  }
}

const listGone = (): AppError => new AppError('not_found', 'That list no longer exists.');
