import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Which page may call IPC: our own renderer's index.html (file://, any hash)
 * or, in `npm run dev`, the Vite dev server's origin. Anything else — another
 * file, a navigated-away page, an iframe's URL — is refused by register.ts.
 */
export function trustedRendererUrl(
  outDir: string,
  devServerUrl: string | undefined,
): (url: string) => boolean {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin;
    return (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    };
  }
  const fileUrl = pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
  return (url) => url.split('#')[0] === fileUrl;
}
