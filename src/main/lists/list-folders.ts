import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Folder names inside `lists/`, and the start-up tidy that settles whatever a
 * crash left half done.
 *
 *   lists/l_1a2b3c4d5e6f/              a saved list
 *   lists/.upload-u_0123456789abcdef/  a save in progress (never listed)
 *   lists/.replaced-l_1a2b3c4d5e6f/    the old copy while a re-save swaps in
 *   lists/.trash-l_1a2b3c4d5e6f-9f8e/  a list being deleted
 *
 * Only names matching LIST_ID are lists; a dot folder is never shown.
 */
export const LIST_ID = /^l_[0-9a-f]{12}$/;
const UPLOAD_PREFIX = '.upload-';
const REPLACED_PREFIX = '.replaced-';
const TRASH_PREFIX = '.trash-';

export const newListId = (): string => `l_${randomBytes(6).toString('hex')}`;
export const newUploadId = (): string => `u_${randomBytes(8).toString('hex')}`;
export const uploadFolder = (uploadId: string): string => `${UPLOAD_PREFIX}${uploadId}`;
export const replacedFolder = (id: string): string => `${REPLACED_PREFIX}${id}`;
export const trashFolder = (id: string): string =>
  `${TRASH_PREFIX}${id}-${randomBytes(4).toString('hex')}`;

/**
 * Removes abandoned uploads and trash, and finishes an interrupted re-save:
 * a `.replaced-<id>` whose `<id>` is missing means the crash came between
 * moving the old copy aside and moving the new one in, so the old copy goes
 * back (the new one is an abandoned upload by then). Uploads still being
 * written by this run (`isActiveUpload`) are left alone.
 */
export async function tidyListsFolder(
  root: string,
  isActiveUpload: (uploadId: string) => boolean,
): Promise<void> {
  let restored = false;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(root, entry.name);
    if (entry.name.startsWith(REPLACED_PREFIX)) {
      const id = entry.name.slice(REPLACED_PREFIX.length);
      if (LIST_ID.test(id) && !(await exists(join(root, id)))) {
        await rename(path, join(root, id));
        restored = true;
      } else {
        await rm(path, { recursive: true, force: true });
      }
    } else if (entry.name.startsWith(UPLOAD_PREFIX)) {
      if (!isActiveUpload(entry.name.slice(UPLOAD_PREFIX.length))) {
        await rm(path, { recursive: true, force: true });
      }
    } else if (entry.name.startsWith(TRASH_PREFIX)) {
      await rm(path, { recursive: true, force: true });
    }
  }
  if (restored) await fsyncDir(root);
}

/**
 * Renames a finished upload folder to `root/<id>`. When `replacing`, the old
 * `<id>` is moved aside first (a folder cannot be renamed over a full one) and
 * deleted after; a crash between the two renames is finished by
 * tidyListsFolder, which puts the old copy back.
 */
export async function moveListIntoPlace(
  root: string,
  uploadDir: string,
  id: string,
  replacing: boolean,
): Promise<void> {
  const target = join(root, id);
  if (!replacing) {
    await rename(uploadDir, target);
    await fsyncDir(root);
    return;
  }
  const aside = join(root, replacedFolder(id));
  await rm(aside, { recursive: true, force: true });
  await rename(target, aside);
  try {
    await rename(uploadDir, target);
  } catch (error) {
    await rename(aside, target);
    throw error;
  }
  await fsyncDir(root);
  await rm(aside, { recursive: true, force: true });
}

/** fsyncs a written file (opened for writing: Windows refuses to flush a read-only handle). */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fsyncs a folder, so a rename in it is on disk before the next step relies on
 * it. Windows cannot open a folder for fsync; NTFS journals renames itself
 * (as in store/atomic-write.ts).
 */
export async function fsyncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
