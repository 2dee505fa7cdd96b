import type { ErrorCode } from '../../../shared/errors';

/** Socket-level causes that prove nothing reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** What a rejected `fetch` (or body read) means for us. */
export interface FetchFailure {
  code: ErrorCode;
  /** Short technical reason for the message, e.g. `ECONNREFUSED`. */
  reason: string;
  /** True only when the request provably never reached the server. */
  notSent: boolean;
  /** True when retrying cannot help (a redirect we refuse to follow). */
  final: boolean;
  redirect: boolean;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const asErrorLike = (value: unknown): ErrorLike =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : {};

/** Socket codes of the error and its causes (undici nests them, AggregateError lists them). */
function causeCodes(error: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  const e = asErrorLike(error);
  const own = typeof e.code === 'string' ? [e.code] : [];
  const listed = Array.isArray(e.errors) ? e.errors.flatMap((x) => causeCodes(x, depth + 1)) : [];
  return [...own, ...listed, ...(e.cause === undefined ? [] : causeCodes(e.cause, depth + 1))];
}

function causeMessages(error: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  const e = asErrorLike(error);
  const own = typeof e.message === 'string' ? [e.message] : [];
  return [...own, ...(e.cause === undefined ? [] : causeMessages(e.cause, depth + 1))];
}

/**
 * Classifies a rejected fetch. Node's fetch wraps the socket error as
 * `TypeError('fetch failed', { cause })`; a refused redirect surfaces as the
 * cause message `unexpected redirect` (we pass `redirect: 'error'`).
 */
export function classifyFetchFailure(
  error: unknown,
  signals: { user?: AbortSignal; timeout: AbortSignal },
): FetchFailure {
  const base = { notSent: false, final: false, redirect: false };
  if (signals.user?.aborted)
    return { ...base, code: 'cancelled', reason: 'cancelled', final: true };
  if (signals.timeout.aborted || asErrorLike(error).name === 'TimeoutError') {
    return { ...base, code: 'timeout', reason: 'timeout' };
  }
  if (causeMessages(error).includes('unexpected redirect')) {
    return {
      ...base,
      code: 'unexpected_response',
      reason: 'redirect',
      final: true,
      redirect: true,
    };
  }
  const codes = causeCodes(error);
  const notSent = codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c));
  const reason = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? codes[0] ?? 'connection failed';
  return {
    ...base,
    code: 'network',
    reason: reason === 'UND_ERR_SOCKET' ? 'connection closed' : reason,
    notSent,
  };
}
