import type { Prospect } from '../../../shared/prospect';
import type { WoodpeckerV1Client } from './client';
import { MAX_PER_PAGE } from './list-query';

/** A prospect as just read from the API: the domain shape and the exact object received. */
export interface FreshProspect {
  prospect: Prospect;
  raw: Record<string, unknown>;
}

export interface FreshReadResult {
  /** Keyed by id (as a string) for id targets, by lowercase email for email targets. */
  found: Map<string, FreshProspect>;
  /** Targets the account does not have (reported, never silently dropped). */
  missing: string[];
  requests: number;
  strategy: 'by-id' | 'full-list';
}

export interface FreshReadOptions {
  signal?: AbortSignal;
  /** The account's X-Total-Count, when the caller just read it (saves a request). */
  total?: number;
  onProgress?: (p: { done: number; total: number | null }) => void;
}

export type FreshReadTargets = { ids: readonly number[] } | { emails: readonly string[] };

/**
 * Reads targets fresh from the API, never from the local snapshot: what a
 * backup before a delete or update must be made from. By id it takes the
 * cheaper of one `id=` request per target or listing the whole account
 * (`X-Total-Count` from one request decides); by email it lists the account,
 * since the list endpoint has no email filter (woodpecker-v1-list-prospects.txt).
 *
 * Any failed read throws: a short or failed read must never look like
 * "these prospects no longer exist".
 */
export async function readProspectsFresh(
  client: WoodpeckerV1Client,
  targets: FreshReadTargets,
  options: FreshReadOptions = {},
): Promise<FreshReadResult> {
  const { signal, onProgress } = options;
  const byId = 'ids' in targets;
  const keys = byId
    ? [...new Set(targets.ids.map(String))]
    : [...new Set(targets.emails.map((e) => e.trim().toLowerCase()))];
  const found = new Map<string, FreshProspect>();
  if (keys.length === 0) return { found, missing: [], requests: 0, strategy: 'by-id' };

  let requests = 0;
  if (byId) {
    let total = options.total;
    if (total === undefined) {
      total = await client.countProspects(signal);
      requests++;
    }
    const listPages = Math.max(1, Math.ceil(total / MAX_PER_PAGE));
    if (keys.length <= listPages) {
      for (const [index, key] of keys.entries()) {
        const page = await client.listPage({ id: Number(key), per_page: 1, page: 1 }, signal);
        requests++;
        const at = page.prospects.findIndex((p) => String(p.id) === key);
        if (at >= 0) found.set(key, { prospect: page.prospects[at]!, raw: page.raw[at]! });
        onProgress?.({ done: index + 1, total: keys.length });
      }
      return { found, missing: keys.filter((k) => !found.has(k)), requests, strategy: 'by-id' };
    }
  }

  const wanted = new Set(keys);
  for await (const page of client.listAllPages(
    {},
    {
      signal,
      onPage: (p) => {
        requests++;
        onProgress?.({ done: p.fetched, total: p.total });
      },
    },
  )) {
    page.prospects.forEach((prospect, at) => {
      const key = byId ? String(prospect.id) : prospect.email.trim().toLowerCase();
      if (wanted.has(key)) found.set(key, { prospect, raw: page.raw[at]! });
    });
  }
  return { found, missing: keys.filter((k) => !found.has(k)), requests, strategy: 'full-list' };
}
