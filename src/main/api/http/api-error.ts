import type { AppErrorDto, ErrorCode } from '../../../shared/errors';

/** Everything an ApiError carries besides its message. */
export interface ApiErrorInit {
  code: ErrorCode;
  message: string;
  httpStatus?: number;
  vendorCode?: string;
  retryAt?: number;
  outcomeUnknown?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * A failed API call, classified once (src/main/api/http/error-envelopes.ts) so
 * callers switch on `code` instead of parsing statuses or vendor strings.
 *
 * The message is for a person: it says what happened and what to do, and never
 * contains the API key (http-client scrubs it before constructing the error).
 * `outcomeUnknown` marks a write that may or may not have been applied: callers
 * reconcile by reading, never by resending blindly (notes/api-facts.md).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus?: number;
  readonly vendorCode?: string;
  readonly retryAt?: number;
  readonly outcomeUnknown: boolean;
  readonly details?: Record<string, unknown>;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.code = init.code;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.vendorCode !== undefined) this.vendorCode = init.vendorCode;
    if (init.retryAt !== undefined) this.retryAt = init.retryAt;
    if (init.details !== undefined) this.details = init.details;
  }

  /** The same error marked as a write whose effect is unknown. */
  withOutcomeUnknown(): ApiError {
    if (this.outcomeUnknown) return this;
    return new ApiError({
      ...this.init(),
      outcomeUnknown: true,
      message: `${this.message} ${OUTCOME_UNKNOWN_HINT}`,
    });
  }

  /** What crosses IPC; the cause (a raw socket error) stays in main. */
  toDto(): AppErrorDto {
    const dto: AppErrorDto = { code: this.code, message: this.message };
    if (this.httpStatus !== undefined) dto.httpStatus = this.httpStatus;
    if (this.vendorCode !== undefined) dto.vendorCode = this.vendorCode;
    if (this.retryAt !== undefined) dto.retryAt = this.retryAt;
    if (this.outcomeUnknown) dto.outcomeUnknown = true;
    if (this.details !== undefined) dto.details = this.details;
    return dto;
  }

  private init(): ApiErrorInit {
    return {
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      vendorCode: this.vendorCode,
      retryAt: this.retryAt,
      outcomeUnknown: this.outcomeUnknown,
      details: this.details,
      cause: this.cause,
    };
  }
}

/** Appended to the message of a write whose effect is unknown. */
export const OUTCOME_UNKNOWN_HINT =
  'The change may or may not have been applied: reload the data to check before trying again.';

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
