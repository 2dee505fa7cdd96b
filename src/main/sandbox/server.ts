import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { authenticate } from './accounts';
import type { AccountGate, Slot, SlotRefusal } from './concurrency';
import { familyError, tooManyRequests } from './envelopes';
import type { FaultRules } from './faults';
import { pause, parseBody, readBody, send, sendMalformed, sendTruncated } from './http-io';
import { familyOf } from './response';
import type { SandboxResponse } from './response';
import { loggedHeaders } from './request-log';
import type { RequestLog } from './request-log';
import { findRoute } from './routes';
import type { RouteContext } from './routes/route-context';
import { MAX_URL_LENGTH } from './routes/woodpecker-v1-delete';
import type { SandboxData } from './sandbox-data';
import type { Sandbox, SandboxFault, SandboxLogEntry } from './types';

/** What the request pipeline works with. */
export interface SandboxParts {
  data: SandboxData;
  keys: Sandbox['keys'];
  gate: AccountGate;
  faults: FaultRules;
  log: RequestLog;
}

/**
 * The request pipeline, in order:
 * 1. log the request and measure its URL (> 4,100 characters → 414);
 * 2. authenticate from the headers: key → account, or the family's 401/403;
 * 3. on arrival, count it in flight for its account and take its place in the
 *    account's queue (409/429 when the queue is full or, in 'reject' mode, busy);
 * 4. read and log the body, wait for the slot, then `latencyMs`;
 * 5. the first matching fault rule, if any;
 * 6. route and answer (or mangle the answer, as the fault says).
 */
export function createRequestListener(parts: SandboxParts): RequestListener {
  let malformed = 0;
  return (req, res) => {
    handle(parts, req, res, () => malformed++).catch((error: unknown) => {
      console.error('[sandbox] request failed:', error);
      if (!res.headersSent) send(res, familyError(familyOf(pathOf(req.url ?? '/')), 500, ''));
      else res.destroy();
    });
  };
}

async function handle(
  parts: SandboxParts,
  req: IncomingMessage,
  res: ServerResponse,
  nextMalformed: () => number,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  // The URL as the client sent it: the sandbox only serves plain HTTP on 127.0.0.1.
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- rebuilt for measuring, not fetched
  const url = `http://${req.headers.host ?? '127.0.0.1'}${target}`;
  const { path, params } = splitTarget(target);
  const entry = parts.log.begin({
    method,
    path,
    url,
    query: Object.fromEntries(params),
    headers: loggedHeaders(req.headers),
  });
  const gone = new AbortController();
  res.on('close', () => {
    entry.endedAt = Date.now();
    gone.abort();
  });
  const reply = (response: SandboxResponse) => {
    entry.status = response.status;
    send(res, response);
  };

  const family = familyOf(path);
  // The vendor limits the request URL, not the id count (woodpecker-v1-delete-prospects.txt).
  const refusal = url.length > MAX_URL_LENGTH ? familyError(family, 414, path) : undefined;
  const auth = refusal ? undefined : authenticate(parts.keys, family, req.headers, path);
  if (auth?.ok) {
    // Counted as soon as the headers are in, so two overlapping requests are
    // seen as such even when the first is answered quickly.
    entry.account = auth.account;
    const answered = parts.gate.arrive(auth.account);
    res.once('finish', answered);
    res.once('close', answered);
  }
  // The queue position is taken on arrival too, so queue order is arrival order.
  const slotReady = auth?.ok ? holdSlot(parts, auth.account, res, gone.signal) : undefined;

  let bodyText: string;
  try {
    bodyText = await readBody(req);
  } catch {
    return; // The client went away mid-body.
  }
  const body = parseBody(bodyText);
  if (body.kind === 'json') entry.body = body.value;
  else if (body.kind === 'invalid') entry.body = body.text;

  if (refusal) return reply(refusal);
  if (auth && !auth.ok) return reply(auth.response);
  if (!auth || !slotReady) return;
  const slot = await slotReady;
  if (slot === 'gone') return;
  if (slot === 'busy') return reply(tooManyRequests(family, path));

  await pause(parts.data.options.latencyMs, gone.signal);
  const fault = parts.faults.take(method, path);
  if (fault) entry.fault = fault.kind;
  if (fault?.kind === 'latency') await pause(fault.ms, gone.signal);
  // A client that gave up while we waited gets nothing applied.
  if (gone.signal.aborted) return;

  switch (fault?.kind) {
    case 'status':
      return reply(statusFault(fault, family, path));
    case 'reset-before':
      res.destroy();
      return;
    case 'hang':
      // Never answer: the socket stays open until the client aborts or close().
      return;
  }

  const route = findRoute(method, path);
  let response: SandboxResponse;
  if (route) {
    const ctx: RouteContext = {
      data: parts.data,
      account: auth.account,
      keyKind: auth.kind,
      method,
      path,
      url,
      params,
      body,
      match: route.match,
      markApplied: () => void (entry.applied = true),
      now: Date.now(),
    };
    response = route.handle(ctx);
  } else {
    response = familyError(family, 404, path);
  }
  respond(res, entry, response, fault, nextMalformed);
}

/** Waits for the account's slot and frees it once the response is done, however it ends. */
async function holdSlot(
  parts: SandboxParts,
  account: string,
  res: ServerResponse,
  gone: AbortSignal,
): Promise<Slot | SlotRefusal> {
  const slot = await parts.gate.acquire(account, gone);
  if (typeof slot === 'string') return slot;
  res.once('finish', slot.release);
  res.once('close', slot.release);
  if (gone.aborted) {
    slot.release();
    return 'gone';
  }
  return slot;
}

function respond(
  res: ServerResponse,
  entry: SandboxLogEntry,
  response: SandboxResponse,
  fault: SandboxFault | undefined,
  nextMalformed: () => number,
): void {
  switch (fault?.kind) {
    case 'reset-after':
      res.destroy();
      return;
    case 'malformed-json':
      entry.status = 200;
      sendMalformed(res, nextMalformed());
      return;
    case 'truncated-json':
      entry.status = response.status;
      sendTruncated(res, response);
      return;
    default:
      entry.status = response.status;
      send(res, response);
  }
}

function statusFault(
  fault: Extract<SandboxFault, { kind: 'status' }>,
  family: ReturnType<typeof familyOf>,
  path: string,
): SandboxResponse {
  const response = familyError(family, fault.status, path, fault.vendorCode);
  if (fault.retryAfter !== undefined) response.headers['retry-after'] = fault.retryAfter;
  return response;
}

function splitTarget(target: string): { path: string; params: URLSearchParams } {
  try {
    const parsed = new URL(target, 'http://127.0.0.1');
    return { path: parsed.pathname, params: parsed.searchParams };
  } catch {
    return { path: pathOf(target), params: new URLSearchParams() };
  }
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}
