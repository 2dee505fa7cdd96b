/**
 * What a Leads API list answer says about the next page, read leniently.
 *
 * The vendor documents only `GET /api/v1/leads?status=…&limit=100` answering
 * `{"data": {"leads": [...]}}`: no page parameter, no total, no pagination
 * field (../shared/api-docs/leads-api-delete-lead.txt). Servers that page do it
 * their own way — `pagination.pages`, `totalPages`, `hasMore`, a `next` link,
 * a cursor — so every hint is optional, looked for in the usual places, and
 * ignored when it is not what it claims to be: a missing or odd undocumented
 * field never fails a listing (notes/api-facts.md, decision 009).
 */
export interface LeadsPagingHints {
  /** Leads matching the query, all pages together. */
  total?: number;
  /** Pages for this query at this limit. */
  pages?: number;
  /** Whether a page follows this one. */
  hasMore?: boolean;
  /**
   * The next page as the server names it: a link, a cursor, or a page number;
   * `null` when it says there is none (`"next": null`).
   */
  next?: LeadsNextPage | null;
}

export type LeadsNextPage = { url: string } | { cursor: string } | { page: number };

type Json = Record<string, unknown>;

const TOTAL_KEYS = ['total', 'totalCount', 'total_count', 'totalItems', 'total_items'];
const PAGES_KEYS = ['pages', 'totalPages', 'total_pages', 'pageCount', 'page_count', 'lastPage'];
const HAS_MORE_KEYS = ['hasMore', 'has_more', 'hasNextPage', 'has_next_page', 'hasNext'];
const CURSOR_KEYS = ['nextCursor', 'next_cursor'];
const NEXT_PAGE_KEYS = ['nextPage', 'next_page'];

/** Reads the paging hints of one list answer; never throws. */
export function readPagingHints(body: unknown, headers?: Headers): LeadsPagingHints {
  const top = asObject(body);
  const data = asObject(top?.data);
  // Most specific first: a `pagination` object beats a stray `total` beside it.
  const places = [
    asObject(data?.pagination),
    asObject(top?.pagination),
    asObject(asObject(top?.meta)?.pagination),
    asObject(top?.meta),
    asObject(data?.meta),
    data,
    top,
  ].filter((p): p is Json => p !== undefined);
  const linkPlaces = [asObject(top?.links), asObject(data?.links), ...places].filter(
    (p): p is Json => p !== undefined,
  );

  const hints: LeadsPagingHints = {};
  const total = first(places, TOTAL_KEYS, count) ?? count(headers?.get('x-total-count'));
  if (total !== undefined) hints.total = total;
  const pages = first(places, PAGES_KEYS, count);
  if (pages !== undefined) hints.pages = pages;
  const hasMore = first(places, HAS_MORE_KEYS, flag);
  if (hasMore !== undefined) hints.hasMore = hasMore;
  const next = nextPage(linkPlaces, places);
  if (next !== undefined) hints.next = next;
  return hints;
}

function nextPage(linkPlaces: Json[], places: Json[]): LeadsNextPage | null | undefined {
  for (const place of linkPlaces) {
    if (!('next' in place)) continue;
    const value = place.next;
    if (value === null || value === false || value === '') return null;
    if (typeof value === 'string') return linkOrCursor(value);
    const href = asObject(value)?.href; // JSON:API / HAL: {"next": {"href": "…"}}
    if (typeof href === 'string' && href !== '') return { url: href };
    const page = count(value);
    if (page !== undefined && page >= 1) return { page };
  }
  const cursor = first(places, CURSOR_KEYS, (v) =>
    v === null ? null : typeof v === 'string' && v !== '' ? v : undefined,
  );
  if (cursor !== undefined) return cursor === null ? null : { cursor };
  const page = first(places, NEXT_PAGE_KEYS, (v) => (v === null ? null : count(v)));
  if (page !== undefined) return page === null || page < 1 ? null : { page };
  return undefined;
}

/** `next` as a string: a link when it looks like one, else an opaque cursor. */
function linkOrCursor(text: string): LeadsNextPage {
  if (/^https?:\/\//i.test(text) || text.startsWith('/') || text.startsWith('?')) {
    return { url: text };
  }
  return /^\d+$/.test(text) ? { page: Number(text) } : { cursor: text };
}

function first<T>(
  places: Json[],
  keys: readonly string[],
  read: (value: unknown) => T | undefined,
): T | undefined {
  for (const place of places) {
    for (const key of keys) {
      if (!(key in place)) continue;
      const value = read(place[key]);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/** A whole number ≥ 0, also as a numeric string (`"230"`). */
function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}
