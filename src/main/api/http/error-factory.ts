import type { ErrorCode } from '../../../shared/errors';
import { ApiError } from './api-error';
import { describeApiError } from './error-messages';

/** Facts about one failed attempt that may go into an ApiError. */
export interface ErrorFacts {
  httpStatus?: number;
  vendorCode?: string;
  vendorMessage?: string;
  reason?: string;
  details?: Record<string, unknown>;
  retryAt?: number;
  /** Replaces the generated message. */
  message?: string;
  cause?: unknown;
}

/**
 * Builds the ApiErrors of one request. Every string that reaches an error
 * (message, vendor text, details) has the API key scrubbed out, whatever the
 * server echoed back.
 */
export class ErrorFactory {
  readonly timeoutMs: number;
  /** Who answered, for messages: 'Woodpecker' or 'The Leads API'. */
  readonly service: string;

  constructor(
    private readonly context: { service: string; secret: string; host: string; timeoutMs: number },
  ) {
    this.timeoutMs = context.timeoutMs;
    this.service = context.service;
  }

  scrub(text: string): string {
    const secret = this.context.secret;
    return secret.length > 0 ? text.split(secret).join('<redacted>') : text;
  }

  redirectMessage(): string {
    return `${this.context.host} answered with a redirect. Prospect Desk does not follow redirects, so the API key is never sent to another address: check the base URL in Connections (for example https:// instead of http://).`;
  }

  make(code: ErrorCode, facts: ErrorFacts): ApiError {
    const message =
      facts.message ??
      describeApiError(code, {
        service: this.context.service,
        host: this.context.host,
        httpStatus: facts.httpStatus,
        vendorCode: facts.vendorCode,
        vendorMessage: facts.vendorMessage,
        reason: facts.reason,
        timeoutMs: this.context.timeoutMs,
      });
    return new ApiError({
      code,
      message: this.scrub(message),
      httpStatus: facts.httpStatus,
      vendorCode: facts.vendorCode && this.scrub(facts.vendorCode),
      retryAt: facts.retryAt,
      details: facts.details && this.scrubRecord(facts.details),
      cause: facts.cause,
    });
  }

  private scrubRecord(record: Record<string, unknown>): Record<string, unknown> {
    const scrubValue = (value: unknown): unknown => {
      if (typeof value === 'string') return this.scrub(value);
      if (Array.isArray(value)) return value.map(scrubValue);
      if (typeof value === 'object' && value !== null) {
        return this.scrubRecord(value as Record<string, unknown>);
      }
      return value;
    };
    return Object.fromEntries(
      Object.entries(record).map(([key, value]) => [this.scrub(key), scrubValue(value)]),
    );
  }
}
