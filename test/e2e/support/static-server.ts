import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A running static server: `url` has no trailing slash (`${url}/index.html`). */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/**
 * Serves the built renderer (out/renderer) over http://127.0.0.1 on a free port, the way
 * Electron's file:// load sees it: same files, and no CSP header, so the page's own
 * `<meta>` CSP is the only policy in force (what test/e2e/csp.spec.ts proves). Only GET
 * and HEAD; paths that resolve outside `dir` (`..`, encoded or via symlinks) get a 404.
 */
export async function serveDirectory(dir: string): Promise<StaticServer> {
  const root = await realpath(resolve(dir));
  const server = createServer((request, response) => {
    serve(root, request, response).catch(() => send(response, 500, 'Internal error'));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        // Chromium keeps connections alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function serve(root: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'Method not allowed');
  }
  const file = await resolveFile(root, request.url ?? '/');
  if (!file) return send(response, 404, 'Not found');
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': file.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The file a URL names inside root, or undefined if it is missing or escapes root. */
async function resolveFile(
  root: string,
  url: string,
): Promise<{ path: string; size: number } | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://host').pathname);
  } catch {
    return undefined; // malformed percent-encoding
  }
  if (pathname.includes('\0')) return undefined;
  let candidate = resolve(root, `.${pathname}`);
  if (!isInside(root, candidate)) return undefined;
  try {
    if ((await stat(candidate)).isDirectory()) candidate = join(candidate, 'index.html');
    const real = await realpath(candidate);
    const info = await stat(real);
    return isInside(root, real) && info.isFile() ? { path: real, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
}

function send(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return void response.destroy();
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
