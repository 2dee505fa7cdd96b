/**
 * Timestamps in the shapes the vendors use.
 *
 * Woodpecker v1 writes `2025-03-21T08:11:35+0100` (no colon in the offset;
 * woodpecker-v1-list-prospects.txt) in the vendor's own zone: Poland, so the
 * offset is +0100 in winter and +0200 in summer. Mixed offsets in one list are
 * the point: clients must compare instants, not strings. v2 errors use
 * `YYYY-MM-DD HH:MM:SS` in UTC; the Leads API uses ISO 8601 with `Z`.
 */

/** The fixed "today" of the seeded data (all seeded dates lie before it). */
export const SEED_BASE_MS = Date.UTC(2025, 2, 21, 8, 11, 35);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 01:00 UTC on the last Sunday of a month (when Central European DST switches). */
function lastSundayAt0100(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const day = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, day, 1);
}

/** Offset of Europe/Warsaw in minutes at an instant (EU rule: last Sundays of March/October). */
export function vendorOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayAt0100(year, 2) && ms < lastSundayAt0100(year, 9);
  return summer ? 120 : 60;
}

/** `2025-03-21T08:11:35+0100`: the v1 wire format, in the vendor's zone. */
export function formatVendorTime(ms: number): string {
  const offset = vendorOffsetMinutes(ms);
  const d = new Date(ms + offset * 60_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date}T${time}+${pad(Math.floor(offset / 60))}${pad(offset % 60)}`;
}

const VENDOR_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:(Z)|([+\- ])(\d{2}):?(\d{2}))?$/;

/**
 * Parses an ISO-8601-like timestamp to epoch ms, or undefined when invalid.
 * Accepts `+0200`, `+02:00`, `Z`, no zone (read as UTC) and a space instead of
 * `+`: an unencoded `+` in a query string decodes to a space.
 */
export function parseVendorTime(text: string): number | undefined {
  const m = VENDOR_TIME.exec(text);
  if (!m) return undefined;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    part(1),
    part(2),
    part(3),
    part(4),
    part(5),
    part(6),
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  if (m[7] === 'Z' || m[8] === undefined) return utc;
  const offset = Number(m[9]) * 60 + Number(m[10]);
  if (Number(m[10]) > 59) return undefined;
  return m[8] === '-' ? utc + offset * 60_000 : utc - offset * 60_000;
}

/** `2025-03-05 17:57:00`: the v2 error envelope's timestamp, UTC. */
export function v2Timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
