import { shell } from 'electron';
import { isAllowedExternalUrl } from './external-url';

/** The one call site of `shell.openExternal`, behind the allow-list. */
export async function openExternal(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}
