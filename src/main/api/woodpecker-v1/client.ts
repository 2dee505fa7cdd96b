import { AppError } from '../../app-error';
import type { Prospect, ProspectFields } from '../../../shared/prospect';
import {
  buildIdsUrl,
  MAX_DELETE_URL_LENGTH,
  packIdsIntoUrls,
} from '../../../shared/delete-url-packing';
import { accountQueueKey } from '../http/account-queue';
import { apiRoot } from '../http/api-root';
import { sendRequest } from '../http/http-client';
import type { Answer, ApiRequest, ApiTarget, HttpOptions } from '../http/http-client';
import { toProspect } from './map';
import { listQueryString, MAX_PER_PAGE } from './list-query';
import type { ListProspectsQuery } from './list-query';
import {
  WoodpeckerEmptyListWire,
  WoodpeckerProspectListWire,
  WoodpeckerUpdateResponseWire,
} from './schemas';
import { matchUpdateOutcomes } from './update-outcomes';
import type { UpdateResult } from './update-outcomes';

export type { ListProspectsQuery } from './list-query';
export type { UpdateOutcome, UpdateResult } from './update-outcomes';

/** A Woodpecker account as the clients address it. */
export interface WoodpeckerAccount {
  /** Origin, e.g. `https://api.woodpecker.co`; `/rest/v1/...` is appended. */
  baseUrl: string;
  apiKey: string;
  /** An agency key acting as this client company (header `x-company-id`). */
  companyId?: number;
}

/** One prospect to update: the email identifies it, omitted fields stay unchanged. */
export type ProspectUpdate = { email: string } & ProspectFields;

/** Paging of `listAll` / `listAllPages`. */
export interface ListAllOptions {
  perPage?: number;
  signal?: AbortSignal;
  /** After every page request, the empty last one included. */
  onPage?: (p: { page: number; fetched: number; total: number | null }) => void;
}

/** One page of a list answer. */
export interface ProspectPage {
  prospects: Prospect[];
  /** The same prospects exactly as received (for backups: lossless). */
  raw: Record<string, unknown>[];
  /** `X-Total-Count`, when the answer had one. */
  total: number | null;
}

/** Maximum prospects per update request (woodpecker-v1-update-prospects.txt). */
export const MAX_UPDATE_PROSPECTS = 20_000;

/** Big update bodies (~17 MB for 20,000) take the server a while to process. */
const UPDATE_TIMEOUT_MS = 300_000;

/**
 * The Woodpecker v1 endpoints we use: list, update, delete
 * (../shared/api-docs/woodpecker-v1-*.txt). Every call goes through the
 * account's queue, one request at a time (notes/api-facts.md).
 */
export class WoodpeckerV1Client {
  private readonly root: string;
  private readonly target: ApiTarget;

  /** Which account this client acts on (no secret in it): for account-wide locks. */
  get accountKey(): string {
    return this.target.queueKey;
  }

  constructor(
    account: WoodpeckerAccount,
    private readonly options: HttpOptions = {},
  ) {
    this.root = apiRoot(account.baseUrl, '/rest');
    const headers: Record<string, string> = { 'x-api-key': account.apiKey };
    if (account.companyId !== undefined) headers['x-company-id'] = String(account.companyId);
    this.target = {
      service: 'Woodpecker',
      headers,
      secret: account.apiKey,
      queueKey: accountQueueKey(this.root, account.apiKey, account.companyId),
    };
  }

  /**
   * One page of prospects and `X-Total-Count`. An empty page is either 200
   * `{"message": …}` or 204 (both documented at some point); any other failure
   * is an error, never an empty list: an empty read before a delete is fatal.
   */
  async listPage(query: ListProspectsQuery, signal?: AbortSignal): Promise<ProspectPage> {
    return this.send({
      method: 'GET',
      url: `${this.root}/rest/v1/prospects${listQueryString(query)}`,
      kind: 'read',
      signal,
      read: readListPage,
    });
  }

  /**
   * Every prospect matching `query`, page by page, strictly one request at a
   * time; stops after the first short (or empty) page.
   */
  async *listAll(
    query: Omit<ListProspectsQuery, 'page' | 'per_page'> = {},
    opts: ListAllOptions = {},
  ): AsyncGenerator<Prospect[]> {
    for await (const page of this.listAllPages(query, opts)) yield page.prospects;
  }

  /**
   * Like `listAll`, but each page also carries the objects exactly as the API
   * sent them (`raw`): what a backup must keep, lossless.
   */
  async *listAllPages(
    query: Omit<ListProspectsQuery, 'page' | 'per_page'> = {},
    opts: ListAllOptions = {},
  ): AsyncGenerator<ProspectPage> {
    const perPage = opts.perPage ?? MAX_PER_PAGE;
    // With `interested`/`activity` the API returns one row per campaign or link,
    // so X-Total-Count no longer counts rows: only a short page ends the list.
    const totalCountsRows = query.interested === undefined && query.activity === undefined;
    let fetched = 0;
    for (let page = 1; ; page++) {
      const result = await this.listPage({ ...query, page, per_page: perPage }, opts.signal);
      fetched += result.prospects.length;
      opts.onPage?.({ page, fetched, total: result.total });
      if (result.prospects.length > 0) yield result;
      if (result.prospects.length < perPage) return;
      // A full last page: this page's own total says nothing is left, which
      // saves the extra empty request (100,000 prospects = 100 pages, not 101).
      if (totalCountsRows && result.total !== null && fetched >= result.total) return;
    }
  }

  /** How many prospects the account has: one `per_page=1` request, `X-Total-Count`. */
  async countProspects(signal?: AbortSignal): Promise<number> {
    return this.send({
      method: 'GET',
      url: `${this.root}/rest/v1/prospects${listQueryString({ page: 1, per_page: 1 })}`,
      kind: 'read',
      signal,
      read: (answer) => {
        const page = readListPage(answer);
        if (page.prospects.length === 0) return 0;
        if (page.total === null) throw new Error('the answer has no X-Total-Count header');
        return page.total;
      },
    });
  }

  /**
   * Updates (or adds) prospects with `add_prospects_list`, `update: true`.
   *
   * `fileName` is required because omitting `file_name` clears the import name
   * stored on every prospect sent (notes/api-facts.md). Partial success (200)
   * and "none updated" (400 with per-prospect rows) both resolve with one
   * outcome per prospect, in request order. Never retried after it may have
   * been processed: an unknown outcome throws ApiError with `outcomeUnknown`.
   */
  async updateProspects(
    input: { prospects: readonly ProspectUpdate[]; fileName: string; update?: true },
    signal?: AbortSignal,
  ): Promise<UpdateResult> {
    const { prospects, fileName } = input;
    if (prospects.length > MAX_UPDATE_PROSPECTS) {
      throw new AppError(
        'validation',
        `One update can carry at most ${MAX_UPDATE_PROSPECTS.toLocaleString('en-US')} prospects, not ${prospects.length.toLocaleString('en-US')}.`,
      );
    }
    if (fileName.trim() === '') {
      throw new AppError('validation', 'An update needs an import name (file_name).');
    }
    if (prospects.length === 0) return { outcomes: [] };
    const read = (answer: Answer): UpdateResult => {
      const body = WoodpeckerUpdateResponseWire.parse(answer.json());
      return { outcomes: matchUpdateOutcomes(prospects, body.prospects) };
    };
    return this.send({
      method: 'POST',
      url: `${this.root}/rest/v1/add_prospects_list`,
      body: { update: true, file_name: fileName, prospects },
      kind: 'write',
      timeoutMs: UPDATE_TIMEOUT_MS,
      signal,
      read,
      // "None updated" is a 400 that still lists every prospect's error.
      readFailure: (answer) => (answer.status === 400 ? read(answer) : undefined),
    });
  }

  /** Splits ids into the fewest DELETE requests whose URL fits in 4,100 characters. */
  planDeleteRequests(ids: readonly number[], campaignIds?: readonly number[]): number[][] {
    return packIdsIntoUrls({
      baseUrl: this.deleteUrlPrefix(),
      ids,
      suffix: campaignSuffix(campaignIds),
    });
  }

  /**
   * One DELETE of up to ~368 ids (a batch from `planDeleteRequests`). Global
   * unless `campaignIds` is given, which only removes campaign membership.
   * Answers 200 with an empty body.
   */
  async deleteBatch(
    ids: readonly number[],
    opts: { campaignIds?: readonly number[]; signal?: AbortSignal } = {},
  ): Promise<void> {
    if (ids.length === 0)
      throw new AppError('validation', 'A delete needs at least one prospect id.');
    const batches = this.planDeleteRequests(ids, opts.campaignIds);
    if (batches.length !== 1) {
      throw new AppError(
        'validation',
        `${ids.length} ids do not fit in one ${MAX_DELETE_URL_LENGTH}-character URL: use planDeleteRequests.`,
      );
    }
    await this.send({
      method: 'DELETE',
      url: this.deleteUrl(ids, opts.campaignIds),
      kind: 'write',
      signal: opts.signal,
      // The body is documented empty; anything else must at least be JSON.
      read: (answer) => void answer.json(),
    });
  }

  /** The exact URL `deleteBatch` sends for these ids (what a dry run shows). */
  deleteUrl(ids: readonly number[], campaignIds?: readonly number[]): string {
    return buildIdsUrl(this.deleteUrlPrefix(), ids, campaignSuffix(campaignIds));
  }

  private deleteUrlPrefix(): string {
    return `${this.root}/rest/v1/prospects?id=`;
  }

  private send<T>(request: ApiRequest<T>): Promise<T> {
    return sendRequest(this.target, request, this.options);
  }
}

function campaignSuffix(campaignIds: readonly number[] | undefined): string {
  if (campaignIds === undefined) return '';
  // An empty list would silently turn a campaign removal into a global delete.
  if (campaignIds.length === 0 || !campaignIds.every((id) => Number.isSafeInteger(id) && id >= 0)) {
    throw new AppError('validation', 'Campaign ids must be a non-empty list of whole numbers.');
  }
  return `&campaigns_id=${campaignIds.join(',')}`;
}

function readListPage(answer: Answer): ProspectPage {
  const total = totalCount(answer.headers);
  if (answer.status === 204) return { prospects: [], raw: [], total: total ?? 0 };
  const body = answer.json();
  const empty = WoodpeckerEmptyListWire.safeParse(body);
  if (empty.success) return { prospects: [], raw: [], total: total ?? 0 };
  const prospects = WoodpeckerProspectListWire.parse(body).map(toProspect);
  // The schema just proved `body` is an array of objects.
  return { prospects, raw: body as Record<string, unknown>[], total };
}

function totalCount(headers: Headers): number | null {
  const value = headers.get('x-total-count')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : null;
}
