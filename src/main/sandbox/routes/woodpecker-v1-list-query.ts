import { PROSPECT_STATUSES } from '../seed-prospects';
import { parseVendorTime } from '../vendor-time';

/**
 * Parameters of `GET /rest/v1/prospects` (woodpecker-v1-list-prospects.txt),
 * validated the vendor's way: any unknown parameter is
 * `E_WRONG_PARAM "Unknown param:<name>"`, a bad value `Wrong param [name]=value`.
 */

export const INTEREST_LEVELS = [
  'INTERESTED',
  'MAYBE-LATER',
  'NOT-INTERESTED',
  'NOT-MARKED',
] as const;
export type InterestLevel = (typeof INTEREST_LEVELS)[number];
export const ACTIVITIES = ['OPENED', 'NOT-OPENED', 'CLICKED', 'NOT-CLICKED'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Sort fields the doc lists; note `snipet1`–`snipet4` but `snippet5`–`snippet15`. */
const SORT_FIELDS = new Set([
  'id',
  'status',
  'updated',
  'last_contacted',
  'last_replied',
  'first_name',
  'last_name',
  'company',
  'organization_id',
  'industry',
  'website',
  'tags',
  'title',
  'phone',
  'address',
  'city',
  'state',
  'country',
  'snipet1',
  'snipet2',
  'snipet3',
  'snipet4',
  ...Array.from({ length: 11 }, (_, i) => `snippet${i + 5}`),
  'last_opened',
  'last_clicked',
  'sent_mails',
]);

/**
 * `campaigns_details` is not in the parameter table but the `X-Total-Count`
 * description names it, so the vendor knows it; the sandbox accepts and
 * ignores it rather than calling it unknown.
 */
const KNOWN = new Set([
  'page',
  'per_page',
  'sort',
  'id',
  'status',
  'contacted',
  'interested',
  'activity',
  'diff',
  'campaigns_details',
]);

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface ListQuery {
  page: number;
  perPage: number;
  sort: SortKey[];
  ids?: number[];
  status?: string;
  contacted?: boolean;
  interested?: InterestLevel;
  activity?: Activity;
  /** Only prospects whose `updated` is strictly after this instant. */
  diffMs?: number;
}

export type ListQueryResult = { ok: true; query: ListQuery } | { ok: false; msg: string };

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function parseListQuery(params: URLSearchParams): ListQueryResult {
  for (const name of params.keys()) {
    if (!KNOWN.has(name)) return { ok: false, msg: `Unknown param:${name}` };
  }
  const wrong = (name: string, value: string): ListQueryResult => ({
    ok: false,
    msg: `Wrong param [${name}]=${value}`,
  });
  const query: ListQuery = { page: 1, perPage: 100, sort: [] };

  const page = params.get('page');
  if (page !== null) {
    if (!/^\d+$/.test(page) || Number(page) < 1) return wrong('page', page);
    query.page = Number(page);
  }
  const perPage = params.get('per_page');
  if (perPage !== null) {
    if (!/^\d+$/.test(perPage) || Number(perPage) < 1 || Number(perPage) > 1000) {
      return wrong('per_page', perPage);
    }
    query.perPage = Number(perPage);
  }
  const id = params.get('id');
  if (id !== null) {
    const parts = id.split(',');
    if (!parts.every((p) => /^\d+$/.test(p))) return wrong('id', id);
    query.ids = parts.map(Number);
  }
  const status = params.get('status');
  if (status !== null) {
    if (!includes(PROSPECT_STATUSES, status)) return wrong('status', status);
    query.status = status;
  }
  const contacted = params.get('contacted');
  if (contacted !== null) {
    if (contacted !== 'true' && contacted !== 'false') return wrong('contacted', contacted);
    query.contacted = contacted === 'true';
  }
  const interested = params.get('interested');
  if (interested !== null) {
    if (!includes(INTEREST_LEVELS, interested)) return wrong('interested', interested);
    query.interested = interested;
  }
  const activity = params.get('activity');
  if (activity !== null) {
    if (!includes(ACTIVITIES, activity)) return wrong('activity', activity);
    query.activity = activity;
  }
  const diff = params.get('diff');
  if (diff !== null) {
    const ms = parseVendorTime(diff);
    if (ms === undefined) return wrong('diff', diff);
    query.diffMs = ms;
  }
  const details = params.get('campaigns_details');
  if (details !== null && details !== 'true' && details !== 'false') {
    return wrong('campaigns_details', details);
  }
  const sort = params.get('sort');
  if (sort !== null) {
    for (const token of sort.split(',')) {
      // An unencoded '+' arrives as a space (form decoding).
      const m = /^([+\- ]?)([a-z0-9_]+)$/.exec(token);
      const field = m?.[2];
      if (!m || field === undefined || !SORT_FIELDS.has(field)) return wrong('sort', sort);
      const needs = activityNeeded(field, query.activity);
      if (needs) return { ok: false, msg: needs };
      query.sort.push({ field, descending: m[1] === '-' });
    }
  }
  return { ok: true, query };
}

function activityNeeded(field: string, activity: Activity | undefined): string | undefined {
  if (field === 'last_opened' && activity !== 'OPENED' && activity !== 'NOT-OPENED') {
    return 'Wrong param, required activity=OPENED|NOT-OPENED';
  }
  if (field === 'last_clicked' && activity !== 'CLICKED' && activity !== 'NOT-CLICKED') {
    return 'Wrong param, required activity=CLICKED|NOT-CLICKED';
  }
  if (field === 'sent_mails' && activity === undefined) {
    return 'Wrong param, required activity=OPENED|NOT-OPENED';
  }
  return undefined;
}
