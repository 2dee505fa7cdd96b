import { AppError } from '../../app-error';
import { accountQueueKey } from '../http/account-queue';
import { ApiError } from '../http/api-error';
import { apiRoot } from '../http/api-root';
import { sendRequest } from '../http/http-client';
import type { ApiRequest, ApiTarget, HttpOptions } from '../http/http-client';
import { readPagingHints } from './paging';
import type { LeadsPagingHints } from './paging';
import { LeadDeleteWire, LeadResponseWire, LeadsListWire } from './schemas';
import type { Lead } from './schemas';

export type { Lead } from './schemas';
export type { LeadsPagingHints } from './paging';

/** A Leads API workspace: user-given base URL and a Bearer key. */
export interface LeadsAccount {
  /** e.g. `https://crm.example.com`; `/api/v1/leads` is appended. */
  baseUrl: string;
  apiKey: string;
}

export interface LeadsPage {
  leads: Lead[];
  /** Whatever the server said about paging (nothing, for a server that follows the docs). */
  paging: LeadsPagingHints;
}

/** Page size for listing everything: what the docs' own example asks for. */
export const LEADS_PAGE_LIMIT = 100;

/** A listing that needs more requests than this is taken as a server bug, not data. */
export const MAX_LIST_REQUESTS = 20_000;

/** How a full listing (`listAll`) ended. */
export interface LeadsListingEnd {
  /**
   * False when the server stopped giving new leads before saying it was done:
   * it answered a page with leads already listed (it ignores the page
   * parameter), or refused the `page` we had to guess. What was listed is
   * right, but more leads may match.
   */
  complete: boolean;
  reason: 'end' | 'repeated' | 'not-paged';
  /** Distinct leads listed. */
  listed: number;
  /** The server's total, when it gave one. */
  total: number | null;
  requests: number;
}

interface ListQuery {
  status?: string;
  page?: number;
  limit?: number;
  cursor?: string;
}

/**
 * The Leads API (../shared/api-docs/leads-api-delete-lead.txt). No rate limit
 * is documented, but requests are still serialised per key through the same
 * queue as Woodpecker's and 429s are waited out like Woodpecker's
 * (http-client.ts, notes/api-facts.md).
 */
export class LeadsClient {
  private readonly root: string;
  private readonly target: ApiTarget;

  /** Which account this client acts on (no secret in it): for account-wide locks. */
  get accountKey(): string {
    return this.target.queueKey;
  }

  constructor(
    account: LeadsAccount,
    private readonly options: HttpOptions = {},
  ) {
    this.root = `${apiRoot(account.baseUrl, '/api/v1')}/api/v1/leads`;
    this.target = {
      service: 'The Leads API',
      headers: { authorization: `Bearer ${account.apiKey}` },
      secret: account.apiKey,
      queueKey: accountQueueKey(this.root, account.apiKey),
    };
  }

  /**
   * One page of leads, optionally of one status. `page` and `cursor` are not
   * in the docs: send them only to a server that showed it pages that way.
   */
  async list(query: ListQuery = {}, signal?: AbortSignal): Promise<LeadsPage> {
    return this.listAt(this.listUrl(query), signal);
  }

  /**
   * Every lead (of one status), 100 per request, one request at a time. The
   * first request is exactly the documented one (`?status=…&limit=100`);
   * what follows is whatever the server showed: a `next` link (same
   * endpoint only: the key never goes elsewhere) or cursor, `hasMore`,
   * `pages`, a total — else `page=2, 3, …` until a short page. It stops, and
   * says so in the returned LeadsListingEnd, on an empty page, on a page
   * with no lead not already listed (a server ignoring `page` repeats page
   * one: never loop, never list a lead twice), or when a guessed `page` is
   * refused. Leads listed twice across pages are yielded once.
   */
  async *listAll(
    query: { status?: string } = {},
    opts: {
      signal?: AbortSignal;
      onPage?: (p: { page: number; fetched: number; total: number | null }) => void;
    } = {},
  ): AsyncGenerator<Lead[], LeadsListingEnd> {
    const limit = LEADS_PAGE_LIMIT;
    const seen = new Set<string>();
    let total: number | null = null;
    let url = this.listUrl({ ...query, limit });
    let page = 1;
    let guessed = false;
    const end = (complete: boolean, reason: LeadsListingEnd['reason'], requests: number) => ({
      complete,
      reason,
      listed: seen.size,
      total,
      requests,
    });
    for (let requests = 1; ; requests++) {
      if (requests > MAX_LIST_REQUESTS) {
        throw new AppError(
          'unexpected_response',
          `The Leads API kept offering more pages after ${MAX_LIST_REQUESTS} requests (${seen.size} leads): stopped. Report this to whoever runs the API.`,
        );
      }
      let result: LeadsPage;
      try {
        result = await this.listAt(url, opts.signal);
      } catch (error) {
        // A server that pages by nothing we know may refuse the page we guessed.
        if (guessed && error instanceof ApiError && error.code === 'bad_request') {
          return end(false, 'not-paged', requests);
        }
        throw error;
      }
      const { leads, paging } = result;
      if (paging.total !== undefined) total = paging.total;
      const fresh: Lead[] = [];
      for (const lead of leads) {
        if (seen.has(lead.id)) continue;
        seen.add(lead.id);
        fresh.push(lead);
      }
      opts.onPage?.({ page: requests, fetched: seen.size, total });
      if (fresh.length > 0) yield fresh;
      if (leads.length === 0) return end(true, 'end', requests);
      if (fresh.length === 0) return end(false, 'repeated', requests);
      const next = this.nextRequest(query, paging, { page, limit, got: leads.length, seen });
      if (!next) return end(true, 'end', requests);
      ({ url, page, guessed } = next);
    }
  }

  /** Where the page after `at.page` is, from what the server said; null when there is none. */
  private nextRequest(
    query: { status?: string },
    paging: LeadsPagingHints,
    at: { page: number; limit: number; got: number; seen: ReadonlySet<string> },
  ): { url: string; page: number; guessed: boolean } | null {
    const base = { ...query, limit: at.limit };
    const following = at.page + 1;
    const byPage = (page: number, guessed = false) => ({
      url: this.listUrl({ ...base, page }),
      page,
      guessed,
    });
    const next = paging.next;
    if (next === null) return null;
    if (next && 'url' in next) {
      const url = this.sameEndpoint(next.url);
      if (url) return { url, page: following, guessed: false };
    } else if (next && 'cursor' in next) {
      return {
        url: this.listUrl({ ...base, cursor: next.cursor }),
        page: following,
        guessed: false,
      };
    } else if (next && 'page' in next) {
      return byPage(next.page);
    }
    if (paging.hasMore !== undefined) return paging.hasMore ? byPage(following) : null;
    if (paging.pages !== undefined) return at.page < paging.pages ? byPage(following) : null;
    if (paging.total !== undefined) return at.seen.size < paging.total ? byPage(following) : null;
    return at.got < at.limit ? null : byPage(following, true);
  }

  /** A `next` link, only when it names this list endpoint (never another host). */
  private sameEndpoint(link: string): string | null {
    let url: URL;
    try {
      url = new URL(link, this.root);
    } catch {
      return null;
    }
    const root = new URL(this.root);
    const path = (p: string) => p.replace(/\/+$/, '');
    return url.origin === root.origin && path(url.pathname) === path(root.pathname)
      ? url.href
      : null;
  }

  private listUrl(query: ListQuery): string {
    const params = new URLSearchParams();
    if (query.status !== undefined) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(positive(query.limit, 'limit')));
    if (query.page !== undefined) params.set('page', String(positive(query.page, 'page')));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const search = params.toString();
    return search === '' ? this.root : `${this.root}?${search}`;
  }

  private listAt(url: string, signal?: AbortSignal): Promise<LeadsPage> {
    return this.send({
      method: 'GET',
      url,
      kind: 'read',
      signal,
      read: (answer) => {
        const body = answer.json();
        const parsed = LeadsListWire.parse(body);
        return { leads: parsed.data.leads, paging: readPagingHints(body, answer.headers) };
      },
    });
  }

  /** One lead, exactly as stored (the backup before a delete). */
  async get(id: string, signal?: AbortSignal): Promise<Lead> {
    return this.send({
      method: 'GET',
      url: this.leadUrl(id),
      kind: 'read',
      signal,
      read: (answer) => LeadResponseWire.parse(answer.json()).data,
    });
  }

  /** PUT the given fields; answers the lead as stored afterwards. */
  async update(id: string, patch: Record<string, unknown>, signal?: AbortSignal): Promise<Lead> {
    return this.send({
      method: 'PUT',
      url: this.leadUrl(id),
      body: patch,
      kind: 'write',
      signal,
      read: (answer) => LeadResponseWire.parse(answer.json()).data,
    });
  }

  /**
   * The reversible alternative to delete the docs recommend: status `lost`
   * plus `metadata.archived`, `archived_at`, `archived_reason`. Pass the lead's
   * current metadata to keep it: the PUT replaces `metadata` as a whole.
   */
  async archive(
    id: string,
    reason: string,
    opts: { signal?: AbortSignal; metadata?: Record<string, unknown> | null; now?: Date } = {},
  ): Promise<Lead> {
    const metadata = {
      ...(opts.metadata ?? {}),
      archived: true,
      archived_at: (opts.now ?? new Date()).toISOString(),
      archived_reason: reason,
    };
    return this.update(id, { status: 'lost', metadata }, opts.signal);
  }

  /** Irreversible; one request per lead. Back the lead up (`get`) first. */
  async delete(id: string, signal?: AbortSignal): Promise<{ id: string; deletedAt: string }> {
    return this.send({
      method: 'DELETE',
      url: this.leadUrl(id),
      kind: 'write',
      signal,
      read: (answer) => LeadDeleteWire.parse(answer.json()).data,
    });
  }

  private leadUrl(id: string): string {
    if (id === '') throw new AppError('validation', 'A lead id is required.');
    return `${this.root}/${encodeURIComponent(id)}`;
  }

  private send<T>(request: ApiRequest<T>): Promise<T> {
    return sendRequest(this.target, request, this.options);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new AppError('validation', `${name} must be a whole number from 1, not ${value}.`);
  }
  return value;
}
