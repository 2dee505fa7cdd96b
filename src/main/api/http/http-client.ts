import { ZodError } from 'zod';
import type { ErrorCode } from '../../../shared/errors';
import { runExclusive } from './account-queue';
import { ApiError } from './api-error';
import { backoffDelay, realSleep } from './backoff';
import type { BackoffPolicy, Sleep } from './backoff';
import { currentBusyWaitPolicy, DEFAULT_MAX_BUSY_WAIT_MS, formatWait } from './busy-wait';
import type { BusyWaitPolicy } from './busy-wait';
import { classifyHttpError, parseErrorEnvelope } from './error-envelopes';
import { ErrorFactory } from './error-factory';
import { classifyFetchFailure } from './fetch-failure';
import { parseRetryAfter } from './retry-after';

/** Tuning shared by every client; all optional. */
export interface HttpOptions {
  /** Per-attempt time limit in ms (default: the request's own, else 60 s). */
  timeoutMs?: number;
  /**
   * Attempts per request after transient failures (5xx, network, timeout),
   * first included (default 5). Busy answers (409 `E_TOO_MANY_REQUESTS`,
   * 429) do not count: they are waited out up to `busy.maxTotalWaitMs`.
   */
  maxAttempts?: number;
  /**
   * A `Retry-After` on any other answer (a 503's) further away than this is
   * reported, not waited for (default 60 s).
   */
  maxRetryWaitMs?: number;
  backoff?: Omit<BackoffPolicy, 'random'>;
  /**
   * How busy answers are waited out; each field not given comes from the
   * job's policy (busy-wait.ts: withBusyWaitPolicy), else the defaults.
   */
  busy?: Partial<BusyWaitPolicy>;
  /** Injectable so tests see the waits without waiting. */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Called after every attempt, e.g. to count requests. */
  onAttempt?: (attempt: AttemptReport) => void;
}

/** One attempt as reported to `onAttempt`. The URL never contains the key. */
export interface AttemptReport {
  method: string;
  url: string;
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  error?: ErrorCode;
}

/** Who a client talks to: the same for every request it sends. */
export interface ApiTarget {
  /** For messages: 'Woodpecker' or 'The Leads API'. */
  service: string;
  /** Auth headers (`x-api-key`, `Authorization`, `x-company-id`). */
  headers: Record<string, string>;
  /** The key, scrubbed from anything we report. */
  secret: string;
  /** The account's queue (account-queue.ts). */
  queueKey: string;
}

/** A fully read answer handed to the endpoint's reader. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON (undefined when empty); throws when it is not JSON. */
  json(): unknown;
}

export interface ApiRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, exactly as sent. */
  url: string;
  /** Serialised as JSON. */
  body?: unknown;
  /**
   * Reads are retried on transient failures; writes only when the server
   * provably did not process them (409 E_TOO_MANY_REQUESTS / 429, or a
   * connection that never opened). Anything else leaves a write's outcome
   * unknown, and resending could apply it twice.
   */
  kind: 'read' | 'write';
  /** Never retry, not even on 429 (the irreversible agency delete). */
  noRetry?: boolean;
  /** Per-attempt time limit when HttpOptions.timeoutMs is not set. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Turns a 2xx answer into the result; throwing (e.g. a ZodError) means unreadable. */
  read: (answer: Answer) => T;
  /**
   * For endpoints whose non-2xx answers can carry results (the update's 400
   * "none updated"): a value accepts the answer, undefined makes it an error.
   */
  readFailure?: (answer: Answer) => T | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;
/**
 * Busy answers without `Retry-After` back off to at most 15 s: Woodpecker's
 * queue holds a request that long before dropping it (notes/api-facts.md),
 * so longer guesses only add idle time to a storm.
 */
const BUSY_BACKOFF_CAP_MS = 15_000;
const READ_RETRYABLE = new Set<ErrorCode>([
  'rate_limited',
  'server',
  'network',
  'timeout',
  'unexpected_response',
]);

/** One failed attempt, with what it tells us about a write's effect. */
interface Failure {
  error: ApiError;
  /** The server provably did not apply the request. */
  notApplied: boolean;
  /** Retrying cannot help. */
  final: boolean;
}

type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/**
 * Sends one API request: queued behind other requests of the same account,
 * timed out per attempt, retried per `kind`, and failing only with ApiError.
 *
 * Busy answers (409 `E_TOO_MANY_REQUESTS`, 429) were not processed, so they
 * are retried for reads and writes alike, waiting as `Retry-After` says (else
 * exponential backoff with jitter) while telling the job (`busy.onWait`),
 * until the waits would pass `busy.maxTotalWaitMs`. Other transient failures
 * get `maxAttempts`. The request keeps its account's slot throughout, so one
 * request stays in flight per account (notes/api-facts.md).
 *
 * Redirects are refused (`redirect: 'error'`): Node's fetch would forward
 * `x-api-key` to whatever origin a redirect names.
 */
export async function sendRequest<T>(
  target: ApiTarget,
  request: ApiRequest<T>,
  options: HttpOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const busy = busyPolicy(options);
  // Cancels the queue and the waits; an attempt in flight only by request.signal.
  const waitSignal = anySignal(request.signal, busy.signal);
  const ctx = new ErrorFactory({
    service: target.service,
    secret: target.secret,
    host: new URL(request.url).host,
    timeoutMs: options.timeoutMs ?? request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const backoff = { ...options.backoff, random: options.random };
  const busyBackoff = { ...backoff, capMs: options.backoff?.capMs ?? BUSY_BACKOFF_CAP_MS };
  const requestId = nextRequestId++;
  try {
    return await runExclusive(
      target.queueKey,
      async () => {
        let failures = 0;
        let busyAnswers = 0;
        let waitedMs = 0;
        let busySince = 0;
        try {
          for (let attempt = 1; ; attempt++) {
            waitSignal?.throwIfAborted();
            const result = await attemptOnce(target, request, options, ctx, attempt);
            if (result.ok) return result.value;
            const { failure } = result;
            if (request.noRetry || !isRetryable(request.kind, failure)) {
              throw finalError(request.kind, failure);
            }
            const retryAt = failure.error.retryAt;
            const hint = retryAt === undefined ? undefined : { retryAt, now: now() };
            if (failure.error.code === 'rate_limited') {
              if (busyAnswers++ === 0) busySince = now();
              const wait = backoffDelay(busyAnswers, busyBackoff, hint);
              // The waits chosen, or the clock when it says more: a server
              // answering "Retry-After: 0" forever is stopped too.
              const spent = Math.max(waitedMs, now() - busySince);
              if (spent + wait > busy.maxTotalWaitMs) {
                throw busyGiveUp(ctx, request.kind, failure.error, {
                  busyAnswers,
                  waitedMs: spent,
                  wantedMs: hint ? wait : undefined,
                  policy: busy,
                });
              }
              busy.onWait?.({
                kind: 'waiting',
                requestId,
                service: target.service,
                waitMs: wait,
                waitedMs: spent,
                maxTotalWaitMs: busy.maxTotalWaitMs,
                busyAnswers,
                fromRetryAfter: hint !== undefined,
              });
              await sleep(wait, waitSignal);
              waitedMs += wait;
              continue;
            }
            failures++;
            if (failures >= maxAttempts) throw finalError(request.kind, failure);
            const wait = backoffDelay(failures, backoff, hint);
            if (wait > (options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS)) {
              throw finalError(request.kind, failure);
            }
            await sleep(wait, waitSignal);
          }
        } finally {
          if (busyAnswers > 0) busy.onWait?.({ kind: 'resumed', requestId });
        }
      },
      waitSignal,
    );
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // Aborted while queued or backing off: nothing was in flight.
    if (waitSignal?.aborted) throw ctx.make('cancelled', {});
    throw error;
  }
}

let nextRequestId = 1;

/** The request's busy-wait policy: its own fields, else the job's, else the defaults. */
function busyPolicy(options: HttpOptions): BusyWaitPolicy {
  const ambient = currentBusyWaitPolicy() ?? {};
  const own = options.busy ?? {};
  const maxTotalWaitMs = own.maxTotalWaitMs ?? ambient.maxTotalWaitMs ?? DEFAULT_MAX_BUSY_WAIT_MS;
  const onWait = own.onWait ?? ambient.onWait;
  const signal = own.signal ?? ambient.signal;
  const howToWaitLonger = own.howToWaitLonger ?? ambient.howToWaitLonger;
  return {
    maxTotalWaitMs: Math.max(0, maxTotalWaitMs),
    ...(onWait && { onWait }),
    ...(signal && { signal }),
    ...(howToWaitLonger && { howToWaitLonger }),
  };
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

/**
 * The error of a request still refused as busy when waiting longer would
 * pass the allowed total: what happened, that nothing was changed, what to do.
 */
function busyGiveUp(
  ctx: ErrorFactory,
  kind: 'read' | 'write',
  last: ApiError,
  facts: { busyAnswers: number; waitedMs: number; wantedMs?: number; policy: BusyWaitPolicy },
): ApiError {
  const service = ctx.service;
  const tag = last.vendorCode ?? (last.httpStatus !== undefined ? `HTTP ${last.httpStatus}` : '');
  const paren = tag ? ` (${tag})` : '';
  const limit = formatWait(facts.policy.maxTotalWaitMs);
  const waited = formatWait(facts.waitedMs, Math.floor);
  const what =
    facts.wantedMs !== undefined
      ? `${service} is busy${paren} and asked us to wait ${formatWait(facts.wantedMs)} before trying again${facts.waitedMs > 0 ? `: with the ${waited} already waited, that is` : ','} more than the ${limit} we may wait for one request.`
      : `${service} stayed busy${paren}: it refused this request ${facts.busyAnswers} ${facts.busyAnswers === 1 ? 'time' : 'times in a row'}, and we waited ${waited}; waiting again would pass the ${limit} we may wait for one request.`;
  const unchanged =
    kind === 'write' ? ' Nothing was changed: the service refused the request unprocessed.' : '';
  const how = facts.policy.howToWaitLonger;
  const todo = how ? ` Try again later, or ${how}.` : ' Try again later.';
  return new ApiError({
    code: 'rate_limited',
    message: ctx.scrub(`${what}${unchanged}${todo}`),
    httpStatus: last.httpStatus,
    vendorCode: last.vendorCode,
    retryAt: last.retryAt,
    details: { busyAnswers: facts.busyAnswers, waitedMs: facts.waitedMs },
  });
}

function isRetryable(kind: 'read' | 'write', failure: Failure): boolean {
  if (failure.final) return false;
  if (kind === 'read') return READ_RETRYABLE.has(failure.error.code);
  return (
    failure.notApplied &&
    (failure.error.code === 'rate_limited' || failure.error.code === 'network')
  );
}

function finalError(kind: 'read' | 'write', failure: Failure): ApiError {
  return kind === 'write' && !failure.notApplied
    ? failure.error.withOutcomeUnknown()
    : failure.error;
}

async function attemptOnce<T>(
  target: ApiTarget,
  request: ApiRequest<T>,
  options: HttpOptions,
  ctx: ErrorFactory,
  attempt: number,
): Promise<AttemptResult<T>> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signals = { user: request.signal, timeout };
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const report = (status: number | null, error?: ErrorCode) =>
    options.onAttempt?.({
      method: request.method,
      url: ctx.scrub(request.url),
      status,
      attempt,
      ...(error && { error }),
    });
  const headers: Record<string, string> = { accept: 'application/json', ...target.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: 'error',
      signal,
    });
  } catch (error) {
    const f = classifyFetchFailure(error, signals);
    report(null, f.code);
    const message = f.redirect ? ctx.redirectMessage() : undefined;
    return fail(ctx.make(f.code, { reason: f.reason, message, cause: error }), f.notSent, f.final);
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The status line arrived, so the server saw the request; the body broke off.
    const f = classifyFetchFailure(error, signals);
    const code = f.code === 'network' ? 'unexpected_response' : f.code;
    report(response.status, code);
    return fail(
      ctx.make(code, { reason: 'answer cut off', httpStatus: response.status, cause: error }),
      false,
      f.final,
    );
  }

  const answer = makeAnswer(response, text);
  if (response.status >= 200 && response.status < 300) {
    try {
      const value = request.read(answer);
      report(response.status);
      return { ok: true, value };
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : ctx.make('unexpected_response', {
              httpStatus: response.status,
              reason: unreadableReason(error),
              cause: error,
            });
      report(response.status, apiError.code);
      return fail(apiError, false, false);
    }
  }

  const accepted = safeReadFailure(request, answer);
  if (accepted !== undefined) {
    report(response.status);
    return { ok: true, value: accepted };
  }
  const vendor = parseErrorEnvelope(safeJson(answer));
  const code = classifyHttpError(response.status, vendor.vendorCode);
  // Honoured for overload answers (and a 503's hint), never for refusals.
  const retryAt =
    code === 'rate_limited' || code === 'server'
      ? parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)())
      : undefined;
  report(response.status, code);
  const error = ctx.make(code, {
    httpStatus: response.status,
    vendorCode: vendor.vendorCode,
    vendorMessage: vendor.vendorMessage,
    details: vendor.details,
    retryAt,
  });
  // A refusal (4xx) means nothing was applied; a 5xx may have applied part.
  return fail(error, response.status < 500, false);
}

function unreadableReason(error: unknown): string {
  if (error instanceof ZodError) return 'unexpected shape';
  if (error instanceof SyntaxError) return 'invalid JSON';
  return error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
}

function fail<T>(error: ApiError, notApplied: boolean, final: boolean): AttemptResult<T> {
  return { ok: false, failure: { error, notApplied, final } };
}

function makeAnswer(response: Response, text: string): Answer {
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => (text.trim() === '' ? undefined : (JSON.parse(text) as unknown)),
  };
}

function safeJson(answer: Answer): unknown {
  try {
    return answer.json();
  } catch {
    return undefined;
  }
}

function safeReadFailure<T>(request: ApiRequest<T>, answer: Answer): T | undefined {
  if (!request.readFailure) return undefined;
  try {
    return request.readFailure(answer);
  } catch {
    return undefined;
  }
}
