import { access } from 'node:fs/promises';
import { shell } from 'electron';
import { isAllowedExternalUrl } from './external-url';

/** The one call site of `shell.openExternal`, behind the allow-list. */
export async function openExternal(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

/**
 * Shows a file of ours (the log) selected in the OS file manager. The path
 * comes from main, never from the page; a missing file shows nothing.
 */
export async function revealInFolder(path: string): Promise<boolean> {
  try {
    await access(path);
  } catch {
    return false;
  }
  shell.showItemInFolder(path);
  return true;
}
