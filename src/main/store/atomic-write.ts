import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { claimTempPath, releaseTempPath, sweepTempFilesNow } from './temp-files';

/**
 * Durable file writes: a temp file in the same folder, fsync, rename over the
 * target, fsync the folder. A crash leaves either the old file or the new one,
 * never half of either — and a temp file, which the next durable write into
 * that folder removes once its writer is certainly gone (temp-files.ts says
 * how that is judged).
 */
export interface DurableWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  /**
   * Flush, fsync and close the temp file without moving it into place: a
   * caller writing several files seals them all, then commits them in the
   * order that keeps them consistent (src/cli/check-outputs.ts).
   */
  seal(): Promise<void>;
  /** Seal (if not yet), then move into place and fsync the folder. */
  commit(): Promise<void>;
  /** Drop the temp file; the target is untouched. Safe to call twice. */
  abort(): Promise<void>;
}

export async function openDurableWriter(
  path: string,
  options: { mode?: number } = {},
): Promise<DurableWriter> {
  await sweepTempFilesNow(dirname(path));
  const temp = claimTempPath(path);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o644);
  } catch (error) {
    releaseTempPath(temp);
    throw error;
  }
  let sealed = false;
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  const seal = async () => {
    if (sealed) return;
    await handle.sync();
    await close();
    sealed = true;
  };
  return {
    async write(chunk) {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    },
    seal,
    async commit() {
      await seal();
      await rename(temp, path);
      releaseTempPath(temp);
      await fsyncDirectory(dirname(path));
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(temp, { force: true });
      releaseTempPath(temp);
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
