import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialQueue } from '../api/http/account-queue';
import { AppError } from '../app-error';
import { openDurableWriter } from '../store/atomic-write';
import type { DurableWriter } from '../store/atomic-write';
import { safeExportName, uniqueExportName } from './export-name';

/**
 * Export files the renderer streams in text chunks (a filtered list view),
 * written into the data folder's `exports/` (as account exports are:
 * jobs/export-account.ts) and visible only once complete: until commit the
 * text goes to a hidden temp file next to the target (store/atomic-write.ts).
 */
interface OpenExport {
  writer: DurableWriter;
  path: string;
  /** Lower-cased file name, held so two exports never pick the same one. */
  name: string;
  bytes: number;
  /** Chunks, commit and abort of one export run one at a time, in arrival order. */
  queue: SerialQueue;
}

export class ExportFiles {
  private readonly dir: string;
  private readonly open = new Map<string, OpenExport>();
  private readonly opening = new Set<string>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'exports');
  }

  /** Opens `exports/<fileName>` (made safe and unique) for writing. */
  async begin(fileName: string): Promise<{ exportId: string; path: string }> {
    const { base, ext } = safeExportName(fileName);
    await mkdir(this.dir, { recursive: true });
    const taken = new Set((await readdir(this.dir)).map((n) => n.toLowerCase()));
    for (const entry of this.open.values()) taken.add(entry.name);
    for (const reserved of this.opening) taken.add(reserved);
    const name = uniqueExportName(base, ext, taken);
    const path = join(this.dir, name);
    // Held while the file opens, so a concurrent begin picks another name.
    this.opening.add(name.toLowerCase());
    let writer: DurableWriter;
    try {
      writer = await openDurableWriter(path);
    } finally {
      this.opening.delete(name.toLowerCase());
    }
    const exportId = `x_${randomBytes(6).toString('hex')}`;
    const queue = new SerialQueue();
    this.open.set(exportId, { writer, path, name: name.toLowerCase(), bytes: 0, queue });
    return { exportId, path };
  }

  /** Appends UTF-8 text; resolves with the bytes written so far. A failed write ends the export. */
  async write(exportId: string, text: string): Promise<number> {
    return this.entry(exportId).queue.run(async () => {
      const entry = this.entry(exportId);
      const bytes = Buffer.from(text, 'utf8');
      try {
        await entry.writer.write(bytes);
      } catch (error) {
        await this.drop(exportId);
        throw error;
      }
      entry.bytes += bytes.byteLength;
      return entry.bytes;
    });
  }

  /** Moves the finished file into place. A failed commit leaves no file. */
  async commit(exportId: string): Promise<{ path: string; bytes: number }> {
    return this.entry(exportId).queue.run(async () => {
      const entry = this.entry(exportId);
      try {
        await entry.writer.commit();
      } catch (error) {
        await entry.writer.abort();
        throw error;
      } finally {
        // Only now: until the file is in place its name stays reserved.
        this.open.delete(exportId);
      }
      return { path: entry.path, bytes: entry.bytes };
    });
  }

  /** Drops the export's temp file; false when no such export is open (already done). */
  async abort(exportId: string): Promise<boolean> {
    const entry = this.open.get(exportId);
    if (!entry) return false;
    return entry.queue.run(async () => {
      if (!this.open.has(exportId)) return false;
      await this.drop(exportId);
      return true;
    });
  }

  /** Drops every open export (app shutdown). */
  async abortAll(): Promise<void> {
    for (const exportId of [...this.open.keys()]) await this.drop(exportId);
  }

  private async drop(exportId: string): Promise<void> {
    const entry = this.open.get(exportId);
    if (!entry) return;
    this.open.delete(exportId);
    await entry.writer.abort();
  }

  private entry(exportId: string): OpenExport {
    const entry = this.open.get(exportId);
    if (!entry) {
      throw new AppError('not_found', 'That export is no longer in progress; export again.');
    }
    return entry;
  }
}
