import { v1Error } from '../envelopes';
import { activityFields, interestLevel, wireInterest } from '../prospect-activity';
import type { AccountProspects, ProspectStore } from '../prospect-store';
import { emptyResponse, jsonResponse } from '../response';
import type { SandboxResponse } from '../response';
import type { SandboxProspect } from '../types';
import { parseVendorTime } from '../vendor-time';
import type { RouteHandler } from './route-context';
import { parseListQuery } from './woodpecker-v1-list-query';
import type { ListQuery, SortKey } from './woodpecker-v1-list-query';

/** The documented empty answer (woodpecker-v1-list-prospects.txt, "200 (no prospects)"). */
export const NO_PROSPECTS_MESSAGE = 'There are no prospects matching the given criteria.';

interface Row {
  prospect: SandboxProspect;
  /** Fields only some parameters add (`interested`, `campaign_id`, `sent_mails`, …). */
  extra?: Record<string, unknown>;
}

/**
 * `GET /rest/v1/prospects`: a page as a JSON array plus `X-Total-Count`.
 * Without filters or sort a page is cut from the sorted id array (O(per_page),
 * for benchmarks paging through 1M prospects); otherwise the account is scanned.
 */
export const listProspects: RouteHandler = (ctx) => {
  const parsed = parseListQuery(ctx.params);
  if (!parsed.ok) return v1Error(400, 'E_WRONG_PARAM', parsed.msg);
  const query = parsed.query;
  const account = ctx.data.prospects.account(ctx.account);
  const plain =
    query.ids === undefined &&
    query.status === undefined &&
    query.contacted === undefined &&
    query.interested === undefined &&
    query.activity === undefined &&
    query.diffMs === undefined &&
    (query.sort.length === 0 || (query.sort.length === 1 && query.sort[0]?.field === 'id'));
  const { page, total } = plain
    ? idOrderPage(account, query, query.sort[0]?.descending ?? false)
    : filteredPage(ctx.data.prospects, account, query, ctx.data.options.seed);
  return answer(page, total, ctx.data.options.emptyListAs);
};

function answer(page: unknown[], total: number, emptyAs: '200' | '204'): SandboxResponse {
  const headers = { 'X-Total-Count': String(total) };
  if (page.length > 0) return jsonResponse(200, page, headers);
  return emptyAs === '204'
    ? emptyResponse(204, headers)
    : jsonResponse(200, { message: NO_PROSPECTS_MESSAGE }, headers);
}

function idOrderPage(
  account: AccountProspects,
  query: ListQuery,
  descending: boolean,
): { page: SandboxProspect[]; total: number } {
  const ids = account.sortedIds();
  const start = (query.page - 1) * query.perPage;
  const end = Math.min(start + query.perPage, ids.length);
  const page: SandboxProspect[] = [];
  for (let i = start; i < end; i++) {
    const id = ids[descending ? ids.length - 1 - i : i];
    const prospect = id === undefined ? undefined : account.byId.get(id);
    if (prospect) page.push(prospect);
  }
  return { page, total: ids.length };
}

function filteredPage(
  store: ProspectStore,
  account: AccountProspects,
  query: ListQuery,
  seed: number,
): { page: unknown[]; total: number } {
  const rows: Row[] = [];
  const candidates = query.ids
    ? [...new Set(query.ids)].sort((a, b) => a - b).flatMap((id) => account.byId.get(id) ?? [])
    : account.byId.values();
  for (const prospect of candidates) {
    if (query.status !== undefined && prospect.status !== query.status) continue;
    if (query.contacted !== undefined && isSet(prospect.last_contacted) !== query.contacted)
      continue;
    if (query.diffMs !== undefined && !(instant(prospect.updated) > query.diffMs)) continue;
    let extra: Record<string, unknown> | undefined;
    if (query.activity !== undefined) {
      extra = activityFields(seed, prospect, query.activity);
      if (!extra) continue;
    }
    if (query.interested === undefined) {
      rows.push(extra ? { prospect, extra } : { prospect });
      continue;
    }
    // One row per campaign with that interest level (woodpecker-v1-list-prospects.txt).
    for (const campaignId of store.campaignsOf(prospect.id)) {
      const level = interestLevel(seed, prospect.id, campaignId);
      if (level !== query.interested) continue;
      rows.push({
        prospect,
        extra: { ...extra, interested: wireInterest(level), campaign_id: campaignId },
      });
    }
  }
  if (query.sort.length > 0) sortRows(rows, query.sort);
  const start = (query.page - 1) * query.perPage;
  const page = rows
    .slice(start, start + query.perPage)
    .map((row) => (row.extra ? { ...row.prospect, ...row.extra } : row.prospect));
  return { page, total: rows.length };
}

const isSet = (value: unknown) => typeof value === 'string' && value !== '';

const DATE_FIELDS = new Set([
  'updated',
  'last_contacted',
  'last_replied',
  'last_opened',
  'last_clicked',
]);
const NUMBER_FIELDS = new Set(['id', 'organization_id', 'sent_mails']);
/** Sort names that differ from the wire key. */
const SORT_SOURCE: Record<string, string> = {
  last_replied: 'last replied',
  last_opened: 'last_open',
};

function sortValue(row: Row, field: string): number | string {
  const key = SORT_SOURCE[field] ?? field;
  const raw = row.extra && key in row.extra ? row.extra[key] : row.prospect[key];
  if (DATE_FIELDS.has(field))
    return typeof raw === 'string' && raw !== '' ? instant(raw) : -Infinity;
  if (NUMBER_FIELDS.has(field)) return typeof raw === 'number' ? raw : -Infinity;
  return typeof raw === 'string' ? raw.toLowerCase() : '';
}

/** Sorts by the keys, then by id (and campaign) so equal keys keep a stable order. */
function sortRows(rows: Row[], sort: SortKey[]): void {
  const keyed = rows.map((row) => ({ row, keys: sort.map((k) => sortValue(row, k.field)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const x = a.keys[i] ?? '';
      const y = b.keys[i] ?? '';
      if (x !== y) return (x < y ? -1 : 1) * (sort[i]?.descending ? -1 : 1);
    }
    const byId = a.row.prospect.id - b.row.prospect.id;
    if (byId !== 0) return byId;
    return Number(a.row.extra?.campaign_id ?? 0) - Number(b.row.extra?.campaign_id ?? 0);
  });
  keyed.forEach((k, i) => (rows[i] = k.row));
}

/** Parsed `updated` values; the seeded ones come from a small pool, so this stays small. */
const instants = new Map<string, number>();

function instant(value: unknown): number {
  if (typeof value !== 'string' || value === '') return -Infinity;
  let ms = instants.get(value);
  if (ms === undefined) {
    ms = parseVendorTime(value) ?? -Infinity;
    if (instants.size > 100_000) instants.clear();
    instants.set(value, ms);
  }
  return ms;
}
