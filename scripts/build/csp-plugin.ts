import type { Plugin } from 'vite';
import { devRendererCsp, RENDERER_CSP } from '../../src/shared/content-security-policy';

/** The one CSP `<meta>` element of index.html (the whole tag: text in a comment is not one). */
const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi;

/**
 * Keeps index.html's CSP `<meta>` tag and the header the `app://` handler
 * sends (src/shared/content-security-policy.ts) one policy: a build whose
 * page policy differs fails. Under `npm run dev` (and only there) the tag
 * gets the dev policy, which lets Vite's inline preamble, injected styles
 * and hot-reload socket through.
 */
export function rendererCspPlugin(): Plugin {
  let serving = false;
  return {
    name: 'prospect-desk:renderer-csp',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const tags = [...html.matchAll(CSP_META)];
        if (tags.length !== 1) {
          throw new Error(`index.html must hold exactly one CSP <meta> tag, found ${tags.length}.`);
        }
        const [tag, content] = tags[0] as RegExpExecArray;
        if (content !== RENDERER_CSP) {
          throw new Error(
            "index.html's CSP <meta> differs from RENDERER_CSP (src/shared/content-security-policy.ts): make them the same.",
          );
        }
        if (!serving) return html;
        return html.replace(
          tag,
          `<meta http-equiv="Content-Security-Policy" content="${devRendererCsp()}" />`,
        );
      },
    },
  };
}
