import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors';

/**
 * Woodpecker v1 error envelope (../shared/api-docs/woodpecker-v1-*.txt):
 * `{"status": {"status": "ERROR", "code": "E_SESSION", "msg": "..."}}`.
 */
export const WoodpeckerV1ErrorWire = z.object({
  status: z.object({ status: z.string(), code: z.string(), msg: z.string().nullish() }),
});

/** `YYYY-MM-DD HH:MM:SS`, always UTC (woodpecker-v2-agency-delete-company-prospects.txt). */
const V2_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Woodpecker v2 error envelope: `{title, status, detail, timestamp}`. */
export const WoodpeckerV2ErrorWire = z.object({
  title: z.string(),
  status: z.number().int(),
  detail: z.string().nullish(),
  timestamp: z.string().regex(V2_TIMESTAMP).nullish(),
});

/** Leads API error envelope: `{success: false, error, code, details}`. */
export const LeadsErrorWire = z.object({
  success: z.literal(false),
  error: z.string(),
  code: z.string(),
  details: z.record(z.string(), z.unknown()).nullish(),
});

/** What a vendor said about a failure, whichever envelope it used. */
export interface VendorError {
  vendorCode?: string;
  vendorMessage?: string;
  details?: Record<string, unknown>;
}

/** Parses a v2 timestamp (UTC, no zone in the string) to epoch ms. */
export function parseV2Timestamp(text: string): number | undefined {
  if (!V2_TIMESTAMP.test(text)) return undefined;
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads whichever of the three error envelopes the body holds. An error answer
 * whose body is none of them (a proxy's HTML page) still gets classified by its
 * status alone, so this returns an empty object rather than failing.
 */
export function parseErrorEnvelope(body: unknown): VendorError {
  const v1 = WoodpeckerV1ErrorWire.safeParse(body);
  if (v1.success) {
    return { vendorCode: v1.data.status.code, vendorMessage: v1.data.status.msg ?? undefined };
  }
  const v2 = WoodpeckerV2ErrorWire.safeParse(body);
  if (v2.success) {
    const at = v2.data.timestamp ? parseV2Timestamp(v2.data.timestamp) : undefined;
    return {
      vendorMessage: v2.data.detail ?? v2.data.title,
      ...(at !== undefined && { details: { vendorTimestamp: new Date(at).toISOString() } }),
    };
  }
  const leads = LeadsErrorWire.safeParse(body);
  if (leads.success) {
    return {
      vendorCode: leads.data.code,
      vendorMessage: leads.data.error,
      ...(leads.data.details && { details: leads.data.details }),
    };
  }
  return {};
}

/** Vendor codes that mean "busy, try later" whatever the status (v1 uses 409). */
const RATE_LIMIT_CODES = new Set(['E_TOO_MANY_REQUESTS']);

/**
 * The one place an HTTP error answer becomes an ErrorCode.
 *
 * 409 is only "rate limited" with `E_TOO_MANY_REQUESTS` (v1's overload answer,
 * notes/api-facts.md); any other 409 is a refused request like other 4xx.
 */
export function classifyHttpError(httpStatus: number, vendorCode?: string): ErrorCode {
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 403) return 'permission';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 409 && vendorCode !== undefined && RATE_LIMIT_CODES.has(vendorCode)) {
    return 'rate_limited';
  }
  if (httpStatus >= 400 && httpStatus < 500) return 'bad_request';
  if (httpStatus >= 500 && httpStatus < 600) return 'server';
  return 'unexpected_response';
}
