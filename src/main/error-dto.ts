import type { AppErrorDto } from '../shared/errors';
import { redact } from './log';

interface HasDto {
  toDto(): AppErrorDto;
}

const hasDto = (error: unknown): error is HasDto =>
  typeof error === 'object' && error !== null && typeof (error as HasDto).toDto === 'function';

/**
 * The one place a thrown error becomes what crosses IPC or reaches the CLI's
 * stderr. Typed errors keep their code; anything else is a bug and says so
 * without leaking internals (or a key) to the page.
 */
export function toErrorDto(error: unknown): AppErrorDto {
  if (hasDto(error)) {
    const dto = error.toDto();
    return { ...dto, message: redact(dto.message) };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.' };
  }
  return {
    code: 'internal',
    message: 'Something went wrong inside Prospect Desk. Details are in the log file.',
  };
}
