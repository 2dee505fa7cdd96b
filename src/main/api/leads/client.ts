import { AppError } from '../../app-error';
import { accountQueueKey } from '../http/account-queue';
import { apiRoot } from '../http/api-root';
import { sendRequest } from '../http/http-client';
import type { ApiRequest, ApiTarget, HttpOptions } from '../http/http-client';
import { LeadDeleteWire, LeadResponseWire, LeadsListWire } from './schemas';
import type { Lead, LeadsPagination } from './schemas';

export type { Lead, LeadsPagination } from './schemas';

/** A Leads API workspace: user-given base URL and a Bearer key. */
export interface LeadsAccount {
  /** e.g. `https://crm.example.com`; `/api/v1/leads` is appended. */
  baseUrl: string;
  apiKey: string;
}

export interface LeadsPage {
  leads: Lead[];
  pagination: LeadsPagination;
}

/** Page size for listing everything. */
export const LEADS_PAGE_LIMIT = 100;

/**
 * The Leads API (../shared/api-docs/leads-api-delete-lead.txt). No rate limit
 * is documented, but requests are still serialised per key through the same
 * queue as Woodpecker's and 429s are backed off (notes/api-facts.md).
 */
export class LeadsClient {
  private readonly root: string;
  private readonly target: ApiTarget;

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

  /** One page of leads, optionally of one status. */
  async list(
    query: { status?: string; page?: number; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<LeadsPage> {
    const params = new URLSearchParams();
    if (query.status !== undefined) params.set('status', query.status);
    if (query.page !== undefined) params.set('page', String(positive(query.page, 'page')));
    if (query.limit !== undefined) params.set('limit', String(positive(query.limit, 'limit')));
    const search = params.toString();
    return this.send({
      method: 'GET',
      url: search === '' ? this.root : `${this.root}?${search}`,
      kind: 'read',
      signal,
      read: (answer) => LeadsListWire.parse(answer.json()).data,
    });
  }

  /** Every lead (of one status), 100 per page, one request at a time. */
  async *listAll(
    query: { status?: string } = {},
    opts: {
      signal?: AbortSignal;
      onPage?: (p: { page: number; fetched: number; total: number }) => void;
    } = {},
  ): AsyncGenerator<Lead[]> {
    let fetched = 0;
    for (let page = 1; ; page++) {
      const result = await this.list({ ...query, page, limit: LEADS_PAGE_LIMIT }, opts.signal);
      fetched += result.leads.length;
      opts.onPage?.({ page, fetched, total: result.pagination.total });
      if (result.leads.length > 0) yield result.leads;
      if (result.leads.length < LEADS_PAGE_LIMIT || page >= result.pagination.pages) return;
    }
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
