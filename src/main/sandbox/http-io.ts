import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxResponse } from './response';
import type { RequestBody } from './routes/route-context';

/** Reads the whole request body as UTF-8 (update bodies reach ~17 MB; notes/performance-facts.md). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(text: string): RequestBody {
  if (text.trim() === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'invalid', text };
  }
}

/** Writes an answer with an exact Content-Length. */
export function send(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.headersSent) return;
  const bytes = Buffer.from(response.body, 'utf8');
  const headers: Record<string, string | number> = { ...response.headers };
  // 204 must not carry a body or its length.
  if (response.status !== 204) headers['content-length'] = bytes.length;
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : bytes);
}

/**
 * Headers with the real Content-Length, then half the body, then the socket
 * is destroyed. An empty answer is treated as `{}` so the client still sees
 * a body cut short.
 */
export function sendTruncated(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.headersSent) return;
  const bytes = Buffer.from(response.body === '' ? '{}' : response.body, 'utf8');
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    ...response.headers,
    'content-length': bytes.length,
  });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

/** Bodies a broken proxy or a crashed serializer might send with a JSON content type. */
const MALFORMED_BODIES = ['<html><body><h1>502 Bad Gateway</h1></body></html>', '{"prospects": ['];

/** 200, JSON content type, a body that is not JSON; alternates between the samples. */
export function sendMalformed(res: ServerResponse, nth: number): void {
  send(res, {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: MALFORMED_BODIES[nth % MALFORMED_BODIES.length] ?? '',
  });
}

/** Resolves after `ms`, or at once when the signal aborts (the caller checks it). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
