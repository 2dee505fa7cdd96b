/**
 * Error codes shared by main, the CLI and the renderer.
 *
 * Every API failure maps to exactly one code (see src/main/api/http/api-error.ts);
 * the renderer switches over them with `assertNever` so a new code is a compile
 * error until the UI says what to do about it.
 */
export const ERROR_CODES = [
  // HTTP / vendor
  'auth',
  'permission',
  'not_found',
  'rate_limited',
  'bad_request',
  'server',
  'network',
  'timeout',
  'unexpected_response',
  // ours
  'cancelled',
  'validation',
  'encryption_unavailable',
  'conflict',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses IPC (and what the CLI prints) when something fails. */
export interface AppErrorDto {
  code: ErrorCode;
  message: string;
  /** HTTP status of the failing response, when there was one. */
  httpStatus?: number;
  /** The vendor's own code, e.g. `E_SESSION` or `LEAD_NOT_FOUND`. */
  vendorCode?: string;
  /** Epoch ms before which a retry is pointless (from `Retry-After`). */
  retryAt?: number;
  /**
   * True when a write may or may not have been applied (timeout, connection
   * reset after the body was sent, 5xx). Such writes are reconciled by reading,
   * never blindly resent.
   */
  outcomeUnknown?: boolean;
  details?: Record<string, unknown>;
}

/** Compile-time exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
