/**
 * The control surface of the local API sandbox (src/main/sandbox).
 *
 * The sandbox is a faithful HTTP imitation of the five vendor endpoints we call
 * (../shared/api-docs) on 127.0.0.1, port 0. Tests script faults through
 * `faults` and assert on `log`, `maxInFlight` and `state`; the app offers it as
 * the "Sandbox" connection so a new user can try every workflow without a key.
 */

export interface SandboxOptions {
  /** PRNG seed: the same seed always yields the same data (default 42). */
  seed?: number;
  /** Prospects in the main Woodpecker account (default 2,500). */
  prospects?: number;
  /** Agency client companies and how many prospects each has. */
  companies?: { id: number; name: string; prospects: number }[];
  /** Leads in the Leads API workspace (default 120). */
  leads?: number;
  /** Processing time added to every request, in ms (default 0). */
  latencyMs?: number;
  /**
   * What happens when a request arrives for an account that already has one in
   * flight. 'queue' (default) is the vendor's behaviour: wait in a queue of at
   * most 6 for at most 15 s, beyond that 409 (v1) / 429 (v2) at once.
   * 'reject' answers 409/429 at once, which makes clients' backoff observable.
   */
  concurrency?: 'queue' | 'reject';
  /**
   * How an empty v1 list page is answered: current docs say 200 with a
   * `message`, older ones 204 No Content (notes/api-facts.md). Default '200'.
   */
  emptyListAs?: '200' | '204';
  /**
   * What an update does with a field sent as "": the docs don't say
   * (notes/api-facts.md only has "omitted fields stay unchanged"). 'clear'
   * (default) empties the field; 'ignore' keeps the stored value, so tests can
   * prove the app notices.
   */
  emptyValues?: 'clear' | 'ignore';
  /** Prospects of the agency (HQ) account itself, without `x-company-id` (default 20). */
  agencyProspects?: number;
  /** Requests that may wait for an account's slot in 'queue' mode (default 6). */
  queueLimit?: number;
  /** How long a queued request waits before it is dropped with 409/429 (default 15,000 ms). */
  queueTimeoutMs?: number;
  /**
   * How the Leads list pages. The docs show only `{"data": {"leads": [...]}}`
   * for `?status=…&limit=…` and no paging at all; servers differ
   * (notes/api-facts.md), so the sandbox can be each of them (LeadsPaging).
   * Default 'doc-only'.
   */
  leadsPaging?: LeadsPaging;
}

/**
 * Leads list variants. Every one honours `status` and `limit`.
 * - 'doc-only': exactly the documented shape, no paging field; honours `page`.
 * - 'ignores-page': the documented shape, and `page` is ignored (always page 1).
 * - 'pages': `data.pagination: {page, limit, total, pages}`.
 * - 'totalPages': `meta: {currentPage, totalPages, totalCount}` beside `data`.
 * - 'hasMore': `data.hasMore` (no total).
 * - 'next': `links.next`, an absolute link to the next page or null (no total).
 * - 'cursor': `data.nextCursor`, an opaque token sent back as `cursor`, or null.
 */
export type LeadsPaging =
  'doc-only' | 'ignores-page' | 'pages' | 'totalPages' | 'hasMore' | 'next' | 'cursor';

/** One scripted fault. Rules are consumed in insertion order, first match wins. */
export type SandboxFault =
  /** Answer with this status and the endpoint's own error envelope. */
  | { kind: 'status'; status: number; retryAfter?: string; vendorCode?: string }
  /** Delay the answer (the request still holds its account's slot). */
  | { kind: 'latency'; ms: number }
  /** Destroy the socket before the request is applied: nothing changes. */
  | { kind: 'reset-before' }
  /** Apply the request, then destroy the socket without answering. */
  | { kind: 'reset-after' }
  /** Apply the request, answer 200 with a body that is not JSON. */
  | { kind: 'malformed-json' }
  /** Apply the request, send half the JSON body, then destroy the socket. */
  | { kind: 'truncated-json' }
  /** Apply nothing and never answer (until the client gives up). */
  | { kind: 'hang' };

export interface SandboxFaultRule {
  /** Which requests it applies to; omitted fields match anything. */
  match?: { method?: string; path?: string | RegExp };
  fault: SandboxFault;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** Which sandbox account a request acted on. */
export type SandboxAccountId = string; // 'main' | `company:${id}` | 'agency' | 'leads'

export interface SandboxLogEntry {
  seq: number;
  method: string;
  /** Path without query, e.g. `/rest/v1/prospects`. */
  path: string;
  /** The full URL as the client sent it, origin included. */
  url: string;
  query: Record<string, string>;
  account: SandboxAccountId | null;
  /** Header names as received (lower case), values redacted for auth headers. */
  headers: Record<string, string>;
  /** Parsed JSON body, when there was one. */
  body?: unknown;
  status: number | null;
  fault?: SandboxFault['kind'];
  /** Whether the request changed the sandbox's state. */
  applied: boolean;
  startedAt: number;
  endedAt: number;
}

/** A prospect as the sandbox stores it: the v1 wire shape. */
export type SandboxProspect = Record<string, unknown> & { id: number; email: string };
export type SandboxLead = Record<string, unknown> & { id: string; email: string };

/**
 * Read access to the sandbox's data for assertions. The Maps are the live
 * stores (no copy, so reading 1M prospects stays cheap): tests must never
 * mutate them or the objects in them; change data through the HTTP API.
 */
export interface SandboxState {
  /** Live prospects of an account (default 'main'), by id, in ascending id order. */
  prospects(account?: SandboxAccountId): Map<number, SandboxProspect>;
  /** Live leads by id. */
  leads(): Map<string, SandboxLead>;
  /** Every v2 "delete ALL" request the sandbox accepted. */
  deletionRequests(): { id: number; companyId: number; count: number }[];
  /** Client companies of the agency. */
  companies(): { id: number; name: string }[];
  /**
   * A prospect's state that the v1 list never returns (a copy), or undefined
   * when no account has that id. Tests use it to assert that `file_name` was
   * sent (omitting it clears the import name) and that a `campaigns_id` delete
   * only removed campaign membership.
   */
  hidden(id: number): SandboxHiddenProspect | undefined;
  /** Campaign ids of an account (default 'main'); prospects belong to some of them. */
  campaigns(account?: SandboxAccountId): number[];
}

/** What the vendor stores about a prospect besides its v1 wire fields. */
export interface SandboxHiddenProspect {
  /** Import name from the last `add_prospects_list` that touched it; '' once cleared. */
  file_name: string;
  /** Campaigns the prospect belongs to. */
  campaigns: number[];
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` — the origin clients use as base URL. */
  readonly url: string;
  /** Keys the sandbox accepts. Any other key answers 401. */
  readonly keys: {
    /** Main Woodpecker account. */
    woodpecker: string;
    /** Agency (HQ) key; with `x-company-id` it acts as that client company. */
    agency: string;
    /** Each client company's own key, by company id. */
    companies: Record<number, string>;
    /** A key without the API add-on: 403 E_NO_PERMISSION. */
    noPermission: string;
    /** Leads API Bearer key. */
    leads: string;
  };
  readonly faults: {
    add(rule: SandboxFaultRule): void;
    clear(): void;
    /** Rules not yet used up. */
    pending(): number;
  };
  /** Every request received, in arrival order. */
  readonly log: readonly SandboxLogEntry[];
  /** Highest number of concurrent requests seen for one account. */
  maxInFlight(account?: SandboxAccountId): number;
  readonly state: SandboxState;
  /** Back to the seeded data, empty log, no faults. */
  reset(): void;
  close(): Promise<void>;
}
