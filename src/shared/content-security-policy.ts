/**
 * The renderer's Content-Security-Policy, in one place.
 *
 * It is sent twice, on purpose: as a response header by the `app://` handler
 * (src/main/renderer-protocol.ts) — the only policy a Worker obeys, since a
 * worker script's policy comes from its own response — and as a `<meta>` tag
 * that the build writes into index.html (electron.vite.config.ts), so the
 * page is covered even where no header can be sent. Proven by
 * test/e2e/csp.spec.ts.
 *
 * Only our own bundled scripts and styles; no inline script, no eval, and no
 * network at all (`connect-src 'none'`): every HTTP call goes through main.
 */
const STRICT_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

type Directives = { [K in keyof typeof STRICT_DIRECTIVES]: readonly string[] };

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** What the built app, the e2e tests and users run. */
export const RENDERER_CSP = serialise(STRICT_DIRECTIVES);

/**
 * `npm run dev` only: Vite's dev server injects the React refresh preamble as
 * an inline script and every stylesheet as an inline `<style>`, and talks to
 * its own origin over a websocket for hot reload (on loopback, whatever
 * port it picked). Nothing else is relaxed.
 */
export function devRendererCsp(): string {
  return serialise({
    ...STRICT_DIRECTIVES,
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*'],
  });
}
