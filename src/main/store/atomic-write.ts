import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Durable file writes: a temp file in the same folder, fsync, rename over the
 * target, fsync the folder. A crash leaves either the old file or the new one,
 * never half of either.
 */
export interface DurableWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Flush, fsync and move into place. */
  commit(): Promise<void>;
  /** Drop the temp file; the target is untouched. Safe to call twice. */
  abort(): Promise<void>;
}

export async function openDurableWriter(
  path: string,
  options: { mode?: number } = {},
): Promise<DurableWriter> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle: FileHandle = await open(temp, 'wx', options.mode ?? 0o644);
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    async write(chunk) {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    },
    async commit() {
      await handle.sync();
      await close();
      await rename(temp, path);
      await fsyncDirectory(dirname(path));
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}

export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const writer = await openDurableWriter(path, options);
  try {
    await writer.write(data);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Makes a rename or a newly created file in `dir` durable (journals use it
 * after creating their file).
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
