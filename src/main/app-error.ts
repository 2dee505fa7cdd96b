import type { AppErrorDto, ErrorCode } from '../shared/errors';

/**
 * A typed failure of our own (validation, encryption unavailable, conflicts).
 * API failures use ApiError (src/main/api/http/api-error.ts); both convert to
 * the IPC DTO only at the edge.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toDto(): AppErrorDto {
    return {
      code: this.code,
      message: this.message,
      ...(this.details && { details: this.details }),
    };
  }
}
