/**
 * Parses a `Retry-After` header into the epoch ms before which a retry is
 * pointless. RFC 9110 allows delta seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Woodpecker does not document sending it
 * (notes/api-facts.md), so absence or nonsense yields undefined and the caller
 * falls back to exponential backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return now + Number(text) * 1000;
  // Only dates that look like dates: Date.parse accepts plain numbers too.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(at, now);
}
