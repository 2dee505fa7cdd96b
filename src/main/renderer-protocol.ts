/**
 * The built renderer is served from `app://renderer/`, not `file://`.
 *
 * Electron's security checklist prefers a custom protocol to file:// (a
 * file:// page can read any local file the browser lets it, and its origin
 * is opaque). As a standard, secure scheme the page gets a real origin, so
 * `'self'` in the CSP, ES-module scripts and the import's module Worker
 * behave exactly as in the e2e tests, which serve the same files over
 * http://127.0.0.1. Only files inside the renderer folder are served, each
 * with the renderer's Content-Security-Policy as a header.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { RENDERER_CSP } from '../shared/content-security-policy';

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_INDEX_URL = `${RENDERER_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * The file under `root` a request URL names, or null when the URL is not
 * ours (another scheme or host) or its path leaves `root` (`..`, encoded
 * separators, NUL).
 */
export function rendererFilePath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${RENDERER_SCHEME}:` || parsed.host !== RENDERER_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(base + sep) ? file : null;
}

/** The response for one request to the renderer's scheme (404 for anything not served). */
export async function serveRendererFile(root: string, url: string): Promise<Response> {
  const file = rendererFilePath(root, url);
  if (file === null) return notFound();
  let body: Buffer;
  try {
    // A symlink inside the folder must not lead out of it either.
    const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]);
    if (!real.startsWith(realRoot + sep)) return notFound();
    body = await readFile(real);
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      // Every file, not only the page: a Worker obeys its own script's policy.
      'content-security-policy': RENDERER_CSP,
    },
  });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}
