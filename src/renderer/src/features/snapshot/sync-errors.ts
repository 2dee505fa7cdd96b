import type { ErrorCode } from '../../../../shared/errors';
import { ERROR_CODES } from '../../../../shared/errors';

/**
 * What to do when a sync fails, by error code. A Record over every code, so a
 * new code is a compile error until it says what to do.
 */
const HINTS: Record<ErrorCode, string> = {
  auth: 'Check the API key on the Connections page, then sync again.',
  permission: 'This key has no API access: enable the API add-on in Woodpecker, then sync again.',
  not_found: 'Choose the account again on the Connections page, then sync again.',
  rate_limited: 'Woodpecker is busy: wait a minute, then sync again.',
  bad_request: 'Try a full resync; if it fails again, report it.',
  server: 'Woodpecker had a problem: try again in a few minutes.',
  network:
    'Check your internet connection, then sync again (a full sync resumes where it stopped).',
  timeout: 'Woodpecker did not answer in time: sync again (a full sync resumes where it stopped).',
  unexpected_response: 'Woodpecker answered something we do not understand: try a full resync.',
  cancelled: 'Nothing was lost: a full sync resumes where it stopped.',
  validation: 'Check the connection on the Connections page.',
  encryption_unavailable: 'This computer cannot decrypt the stored key: enter it again.',
  conflict: 'Another sync of this account is running: wait for it to finish.',
  internal: 'Try again; if it keeps failing, report it.',
};

const isErrorCode = (code: string): code is ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code);

/** The failure's message followed by what to do about it. */
export function syncErrorText(error: { code: string; message: string }): string {
  const hint = isErrorCode(error.code) ? HINTS[error.code] : HINTS.internal;
  return `${error.message} ${hint}`;
}
