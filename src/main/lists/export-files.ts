import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AppError } from '../app-error';
import { openDurableWriter } from '../store/atomic-write';
import type { DurableWriter } from '../store/atomic-write';

/**
 * Export files the renderer streams in text chunks (a filtered list view),
 * written into the data folder's `exports/` and visible only once complete.
 */
export class ExportFiles {
  private readonly dir: string;
  private readonly open = new Map<string, { writer: DurableWriter; path: string; bytes: number }>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'exports');
  }

  async begin(fileName: string): Promise<{ exportId: string; path: string }> {
    const ext = extname(fileName).toLowerCase();
    const base = fileName.slice(0, fileName.length - ext.length);
    if (ext !== '.csv' && ext !== '.json')
      throw new AppError('validation', 'Exports end in .csv or .json.');
    if (/[\\/]|^\.|\.\./.test(fileName) || base.trim() === '') {
      throw new AppError(
        'validation',
        'The export name may not contain folders or start with a dot.',
      );
    }
    await mkdir(this.dir, { recursive: true });
    const taken = new Set(await readdir(this.dir));
    let name = fileName;
    for (let n = 2; taken.has(name); n++) name = `${base} (${n})${ext}`;
    const path = join(this.dir, name);
    const exportId = `x_${randomBytes(6).toString('hex')}`;
    this.open.set(exportId, { writer: await openDurableWriter(path), path, bytes: 0 });
    return { exportId, path };
  }

  async write(exportId: string, text: string): Promise<number> {
    const entry = this.entry(exportId);
    const bytes = Buffer.from(text, 'utf8');
    await entry.writer.write(bytes);
    entry.bytes += bytes.byteLength;
    return entry.bytes;
  }

  async commit(exportId: string): Promise<{ path: string; bytes: number }> {
    const entry = this.entry(exportId);
    this.open.delete(exportId);
    await entry.writer.commit();
    return { path: entry.path, bytes: entry.bytes };
  }

  async abort(exportId: string): Promise<boolean> {
    const entry = this.open.get(exportId);
    if (!entry) return false;
    this.open.delete(exportId);
    await entry.writer.abort();
    return true;
  }

  async abortAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.abort(id);
  }

  private entry(exportId: string) {
    const entry = this.open.get(exportId);
    if (!entry)
      throw new AppError('not_found', 'That export is no longer in progress; export again.');
    return entry;
  }
}
