import { STATUS_CODES } from 'node:http';
import { jsonResponse } from './response';
import type { ApiFamily, SandboxResponse } from './response';
import { v2Timestamp } from './vendor-time';

/**
 * The three error envelopes, worded as the vendors word them
 * (../shared/api-docs and notes/api-facts.md):
 * - v1: `{"status": {"status": "ERROR", "code", "msg"}}`
 * - v2: `{"title", "status", "detail", "timestamp"}` (timestamp UTC, no zone)
 * - Leads: `{"success": false, "error", "code", "details"}`
 */

export const V1_MESSAGES = {
  E_SESSION:
    "The API key you've entered is incorrect or no longer valid. Check if you pasted the key correctly. You can generate a new key in Woodpecker: Settings -> API Keys.",
  E_NO_PERMISSION_ADDON: 'You need to have an API keys addon to access our API.',
  E_NO_PERMISSION: 'Api access denied.',
  E_TOO_MANY_REQUESTS: 'Too many requests in one time',
  // The vendor's own spelling of the code; the message is spelled right.
  E_UNNOWN: 'Unknown error.',
  E_PARSER_ERROR: 'Invalid request body.',
} as const;

export function v1Error(status: number, code: string, msg: string): SandboxResponse {
  return jsonResponse(status, { status: { status: 'ERROR', code, msg } });
}

export function v2Error(status: number, detail?: string, title?: string): SandboxResponse {
  return jsonResponse(status, {
    title: title ?? V2_TITLES[status] ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail:
      detail ?? V2_DETAILS[status] ?? 'An unexpected error has occurred. Please try again later.',
    timestamp: v2Timestamp(Date.now()),
  });
}

export function leadsError(
  status: number,
  error: string,
  code: string,
  details?: Record<string, unknown>,
): SandboxResponse {
  return jsonResponse(status, { success: false, error, code, ...(details && { details }) });
}

const V2_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal server error',
};

const V2_DETAILS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Invalid api key',
  403: 'Access denied',
  404: 'Requested resource does not exist',
  429: 'Too many requests in one time',
};

const V1_CODES: Record<number, readonly [string, string]> = {
  400: ['E_WRONG_PARAM', 'Wrong param'],
  401: ['E_SESSION', V1_MESSAGES.E_SESSION],
  403: ['E_NO_PERMISSION', V1_MESSAGES.E_NO_PERMISSION],
  409: ['E_TOO_MANY_REQUESTS', V1_MESSAGES.E_TOO_MANY_REQUESTS],
  414: ['E_WRONG_PARAM', 'Request URL too long'],
  429: ['E_TOO_MANY_REQUESTS', V1_MESSAGES.E_TOO_MANY_REQUESTS],
};

const LEADS_CODES: Record<number, readonly [string, string]> = {
  400: ['VALIDATION_ERROR', 'Validation failed'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not found'],
  409: ['CONFLICT', 'Conflict'],
  414: ['VALIDATION_ERROR', 'Request URL too long'],
  429: ['RATE_LIMITED', 'Too many requests'],
};

/**
 * Any status in a family's envelope, with that family's usual code and
 * message (v1 500 is `E_UNNOWN`, v1 409 `E_TOO_MANY_REQUESTS`). `vendorCode`
 * replaces the code; v2 has no code field, so there it is ignored.
 */
export function familyError(
  family: ApiFamily,
  status: number,
  path: string,
  vendorCode?: string,
): SandboxResponse {
  switch (family) {
    case 'v1': {
      const [code, msg] =
        status === 404
          ? ['E_URL_NOT_FOUND', `URL not found: ${path}`]
          : (V1_CODES[status] ?? ['E_UNNOWN', V1_MESSAGES.E_UNNOWN]);
      return v1Error(status, vendorCode ?? code, msg);
    }
    case 'v2':
      return v2Error(status);
    case 'leads': {
      const [code, error] = LEADS_CODES[status] ?? ['INTERNAL_ERROR', 'Internal server error'];
      return leadsError(status, error, vendorCode ?? code);
    }
  }
}

/** The overload answer: v1 409 `E_TOO_MANY_REQUESTS`, v2 and Leads 429 (notes/api-facts.md). */
export function tooManyRequests(family: ApiFamily, path: string): SandboxResponse {
  return familyError(family, family === 'v1' ? 409 : 429, path);
}
