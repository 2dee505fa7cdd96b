import { assertNever } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/errors';

/** Facts a message may mention. None of them may contain the API key. */
export interface ErrorMessageContext {
  /** Who answered, for the reader: 'Woodpecker' or 'The Leads API'. */
  service: string;
  /** Host of the base URL (never the full URL with its query). */
  host: string;
  httpStatus?: number;
  vendorCode?: string;
  /** The vendor's own explanation, shown for refused requests. */
  vendorMessage?: string;
  /** A short technical reason, e.g. `ECONNREFUSED` or `invalid JSON`. */
  reason?: string;
  timeoutMs?: number;
}

const MAX_VENDOR_MESSAGE = 200;

/**
 * A message a person can act on: what happened, in their terms, then what to
 * do. The code in parentheses is what support asks for.
 */
export function describeApiError(code: ErrorCode, ctx: ErrorMessageContext): string {
  const tag =
    ctx.vendorCode ?? (ctx.httpStatus !== undefined ? `HTTP ${ctx.httpStatus}` : ctx.reason);
  const paren = tag ? ` (${tag})` : '';
  const said = ctx.vendorMessage ? `: ${clip(ctx.vendorMessage)}` : '';
  switch (code) {
    case 'auth':
      return `The API key was rejected${paren}. Check the key in Connections.`;
    case 'permission':
      return `${ctx.service} denied access to this API key${paren}: the subscription may be inactive, lack the API add-on, or belong to an inactive client company. Check the account's plan.`;
    case 'not_found':
      return `${ctx.service} could not find what was asked for${paren}${said}. It may have been deleted already; otherwise check the base URL in Connections.`;
    case 'rate_limited':
      return `${ctx.service} is busy with other requests for this account${paren}. Wait a minute and try again.`;
    case 'bad_request':
      return `${ctx.service} refused the request${paren}${said}. Check the values sent; if they look right, report this with the log file.`;
    case 'server':
      return `${ctx.service} had an internal error${paren}. Try again in a few minutes.`;
    case 'network':
      return `Could not reach ${ctx.host}${paren}. Check your internet connection and the base URL in Connections.`;
    case 'timeout':
      return `${ctx.host} did not answer within ${seconds(ctx.timeoutMs)}. Try again; if it keeps happening, check your connection.`;
    case 'unexpected_response':
      return `The answer from ${ctx.host} could not be read${paren}. Try again; if it keeps happening, check the base URL in Connections.`;
    case 'cancelled':
      return 'Cancelled.';
    case 'validation':
    case 'conflict':
    case 'encryption_unavailable':
    case 'internal':
      return `The request to ${ctx.host} failed${paren}.`;
    default:
      return assertNever(code);
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/[.]$/, '');
  return flat.length > MAX_VENDOR_MESSAGE ? `${flat.slice(0, MAX_VENDOR_MESSAGE)}…` : flat;
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return 'the time limit';
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
