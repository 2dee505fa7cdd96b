import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listMeta } from '../../shared/lists';
import type { ListMeta, ListMetaInput, ListPart } from '../../shared/lists';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';

/**
 * Imported lists on disk, one folder each:
 *
 *   lists/<id>/meta.json    ListMeta (validated on every read)
 *   lists/<id>/rows.bin     UTF-8 rows back to back (RowStore.serialize)
 *   lists/<id>/offsets.bin  n + 1 Float64 little-endian byte offsets
 *
 * Saving streams chunks into `lists/.upload-<id>/`; commit checks that the
 * index matches the data, writes meta.json last, and renames the folder into
 * place, so a crash leaves either no list or a whole one. Removal renames to
 * `.trash-<id>` first for the same reason.
 */
export const READ_CHUNK_BYTES = 16 * 1024 * 1024;
const MAX_LIST_BYTES = 4 * 1024 ** 3;

interface Upload {
  meta: ListMetaInput;
  dir: string;
  next: Record<ListPart, number>;
  bytes: Record<ListPart, number>;
}

export class ListFiles {
  private readonly root: string;
  private readonly uploads = new Map<string, Upload>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'lists');
  }

  /** Saved lists, newest first; unreadable ones are reported, not hidden or deleted. */
  async list(): Promise<{ lists: ListMeta[]; damaged: string[] }> {
    await mkdir(this.root, { recursive: true });
    const lists: ListMeta[] = [];
    const damaged: string[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith('.')) {
        if (!this.isActiveUpload(entry.name))
          await rm(join(this.root, entry.name), { recursive: true, force: true });
        continue;
      }
      try {
        lists.push(await this.meta(entry.name));
      } catch {
        damaged.push(entry.name);
      }
    }
    lists.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return { lists, damaged };
  }

  async meta(id: string): Promise<ListMeta> {
    const dir = this.listDir(id);
    const parsed = listMeta.safeParse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
    if (!parsed.success)
      throw new AppError('internal', `The saved list ${id} is damaged (meta.json).`);
    return parsed.data;
  }

  async begin(meta: ListMetaInput): Promise<string> {
    const uploadId = `u_${randomBytes(8).toString('hex')}`;
    const dir = join(this.root, `.upload-${uploadId}`);
    await mkdir(dir, { recursive: true });
    this.uploads.set(uploadId, {
      meta,
      dir,
      next: { rows: 0, offsets: 0 },
      bytes: { rows: 0, offsets: 0 },
    });
    return uploadId;
  }

  async append(uploadId: string, part: ListPart, seq: number, bytes: Uint8Array): Promise<number> {
    const upload = this.upload(uploadId);
    if (seq !== upload.next[part]) {
      throw new AppError(
        'validation',
        `Chunk ${seq} of ${part} arrived out of order (expected ${upload.next[part]}).`,
      );
    }
    if (upload.bytes.rows + upload.bytes.offsets + bytes.byteLength > MAX_LIST_BYTES) {
      throw new AppError('validation', 'The list is larger than 4 GiB and cannot be saved.');
    }
    const handle = await open(join(upload.dir, `${part}.bin`), 'a');
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
    upload.next[part]++;
    upload.bytes[part] += bytes.byteLength;
    return upload.bytes[part];
  }

  async commit(uploadId: string): Promise<ListMeta> {
    const upload = this.upload(uploadId);
    this.uploads.delete(uploadId);
    try {
      await this.verify(upload);
      const previous = upload.meta.replaces
        ? await this.meta(upload.meta.replaces).catch(() => null)
        : null;
      const id = previous?.id ?? `l_${randomBytes(6).toString('hex')}`;
      const now = new Date().toISOString();
      const meta: ListMeta = {
        ...upload.meta,
        id,
        importedAt: previous?.importedAt ?? now,
        updatedAt: now,
        bytes: upload.bytes.rows,
      };
      for (const part of ['rows', 'offsets'] as const)
        await fsyncFile(join(upload.dir, `${part}.bin`));
      await writeFileDurably(join(upload.dir, 'meta.json'), JSON.stringify(meta, null, 2));
      if (previous) await this.remove(previous.id);
      await rename(upload.dir, this.listDir(id));
      await fsyncFile(this.root);
      return meta;
    } catch (error) {
      await rm(upload.dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** One piece of a list's rows or offsets (16 MiB at most). */
  async read(
    id: string,
    part: ListPart,
    seq: number,
  ): Promise<{ bytes: Uint8Array; last: boolean }> {
    const path = join(this.listDir(id), `${part}.bin`);
    const size = (
      await stat(path).catch(() => {
        throw new AppError('not_found', 'That list no longer exists.');
      })
    ).size;
    const start = seq * READ_CHUNK_BYTES;
    const length = Math.max(0, Math.min(READ_CHUNK_BYTES, size - start));
    const bytes = new Uint8Array(length);
    const handle = await open(path, 'r');
    try {
      if (length > 0) await handle.read(bytes, 0, length, start);
    } finally {
      await handle.close();
    }
    return { bytes, last: start + length >= size };
  }

  async remove(id: string): Promise<boolean> {
    const dir = this.listDir(id);
    const trash = join(this.root, `.trash-${id}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(dir, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
    return true;
  }

  async abortAll(): Promise<void> {
    for (const [id, upload] of this.uploads) {
      this.uploads.delete(id);
      await rm(upload.dir, { recursive: true, force: true });
    }
  }

  private async verify(upload: Upload): Promise<void> {
    const offsetsBytes = await readFile(join(upload.dir, 'offsets.bin')).catch(() =>
      Buffer.alloc(0),
    );
    if (offsetsBytes.byteLength % 8 !== 0 || offsetsBytes.byteLength === 0) {
      throw new AppError('validation', 'The list index is incomplete; nothing was saved.');
    }
    const offsets = new Float64Array(
      offsetsBytes.buffer,
      offsetsBytes.byteOffset,
      offsetsBytes.byteLength / 8,
    );
    const rowsSize = await stat(join(upload.dir, 'rows.bin')).then(
      (s) => s.size,
      () => 0,
    );
    if (offsets.length - 1 !== upload.meta.rows || offsets[offsets.length - 1] !== rowsSize) {
      throw new AppError(
        'validation',
        'The list data does not match its index; nothing was saved.',
      );
    }
    for (let i = 1; i < offsets.length; i++) {
      if (!(offsets[i]! >= offsets[i - 1]!))
        throw new AppError('validation', 'The list index is out of order; nothing was saved.');
    }
  }

  private upload(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload)
      throw new AppError('not_found', 'That save is no longer in progress; save the list again.');
    return upload;
  }

  private isActiveUpload(name: string): boolean {
    return [...this.uploads.values()].some((u) => u.dir.endsWith(name));
  }

  private listDir(id: string): string {
    if (!/^l_[0-9a-f]{12}$/.test(id))
      throw new AppError('not_found', 'That list no longer exists.');
    return join(this.root, id);
  }
}

async function fsyncFile(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
