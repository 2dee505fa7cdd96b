import { RENDERER_INDEX_URL } from '../renderer-protocol';

/**
 * Which page may call IPC: our own renderer's index.html as served from
 * `app://renderer/` (renderer-protocol.ts; any hash) or, in `npm run dev`,
 * the Vite dev server's origin. Anything else — another page, a
 * navigated-away page, an iframe's URL, a file:// page — is refused by
 * register.ts.
 */
export function trustedRendererUrl(devServerUrl: string | undefined): (url: string) => boolean {
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
  return (url) => url.split('#')[0] === RENDERER_INDEX_URL;
}
