import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { RENDERER_ORIGIN, serveRendererFile } from '../../../src/main/renderer-protocol';

/** A running static server: `url` has no trailing slash (`${url}/index.html`). */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer (out/renderer) over http://127.0.0.1 on a free port with the
 * app's own `app://renderer/` handler (renderer-protocol.ts): the same files, types, path
 * checks and CSP header as in Electron. Only GET and HEAD. `withoutHeaders` drops response
 * headers, for the control case of test/e2e/csp.spec.ts (a worker without the CSP header).
 */
export async function serveDirectory(
  dir: string,
  options: { withoutHeaders?: string[] } = {},
): Promise<StaticServer> {
  const root = resolve(dir);
  const dropped = new Set(options.withoutHeaders ?? []);
  const server = createServer((request, response) => {
    serve(root, dropped, request, response).catch(() => send(response, 500, 'Internal error'));
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

async function serve(
  root: string,
  dropped: ReadonlySet<string>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'Method not allowed');
  }
  // The raw (still encoded) path, as the app:// handler receives it.
  const path = (request.url ?? '/').split(/[?#]/)[0] ?? '/';
  const answer = await serveRendererFile(root, `${RENDERER_ORIGIN}${path}`);
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, {
    ...Object.fromEntries([...answer.headers].filter(([name]) => !dropped.has(name))),
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function send(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return void response.destroy();
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
