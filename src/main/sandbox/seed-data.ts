import { hashInts, Rng } from './prng';
import { FIRST_PROSPECT_ID, ProspectStore } from './prospect-store';
import { seedLeads } from './seed-leads';
import { buildSeedPools, seedProspect } from './seed-prospects';
import type { SeedPools } from './seed-prospects';
import type { LeadsPaging, SandboxAccountId, SandboxLead, SandboxOptions } from './types';

/** Client companies when `options.companies` is absent. */
export const DEFAULT_COMPANIES: readonly { id: number; name: string; prospects: number }[] = [
  { id: 101, name: 'Acme Outreach', prospects: 340 },
  { id: 102, name: 'Blue Harbor Media', prospects: 75 },
  { id: 103, name: 'Nordlicht GmbH', prospects: 0 },
];

/** Every Leads list variant the sandbox can be (types.ts: LeadsPaging). */
export const LEADS_PAGING_VARIANTS: readonly LeadsPaging[] = [
  'doc-only',
  'ignores-page',
  'pages',
  'totalPages',
  'hasMore',
  'next',
  'cursor',
];

/** SandboxOptions with every default filled in. */
export type ResolvedSandboxOptions = Required<SandboxOptions>;

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const resolved: ResolvedSandboxOptions = {
    seed: options.seed ?? 42,
    prospects: options.prospects ?? 2_500,
    companies: options.companies ?? DEFAULT_COMPANIES.map((c) => ({ ...c })),
    leads: options.leads ?? 120,
    latencyMs: options.latencyMs ?? 0,
    concurrency: options.concurrency ?? 'queue',
    emptyListAs: options.emptyListAs ?? '200',
    emptyValues: options.emptyValues ?? 'clear',
    agencyProspects: options.agencyProspects ?? 20,
    queueLimit: options.queueLimit ?? 6,
    queueTimeoutMs: options.queueTimeoutMs ?? 15_000,
    leadsPaging: options.leadsPaging ?? 'doc-only',
  };
  const counts = [
    resolved.prospects,
    resolved.agencyProspects,
    resolved.leads,
    resolved.queueLimit,
  ];
  for (const company of resolved.companies) counts.push(company.prospects);
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError('Sandbox counts must be whole numbers ≥ 0.');
  }
  if (!LEADS_PAGING_VARIANTS.includes(resolved.leadsPaging)) {
    throw new RangeError(`Unknown Leads paging "${String(resolved.leadsPaging)}".`);
  }
  const ids = resolved.companies.map((c) => c.id);
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0) || new Set(ids).size !== ids.length) {
    throw new RangeError('Sandbox company ids must be unique positive whole numbers.');
  }
  return resolved;
}

/** The account a company's requests act on. */
export function companyAccount(companyId: number): SandboxAccountId {
  return `company:${companyId}`;
}

/** Everything the sandbox serves, freshly seeded. */
export interface SeededWorld {
  prospects: ProspectStore;
  leads: Map<string, SandboxLead>;
  companies: { id: number; name: string }[];
}

/**
 * Builds the seeded data. Each account draws from its own stream derived from
 * the seed, so adding a company never changes the main account's prospects;
 * ids come from one counter in a fixed order (main, agency, companies), so
 * they are unique across accounts and ascending in insertion order.
 */
export function seedWorld(options: ResolvedSandboxOptions): SeededWorld {
  const { seed } = options;
  const pools = buildSeedPools(new Rng(hashInts(seed, 4)));
  const store = new ProspectStore();
  let nextCampaign = 501;
  const campaigns = (n: number) => Array.from({ length: n }, () => nextCampaign++);

  const accounts: { account: SandboxAccountId; salt: number; count: number; campaigns: number }[] =
    [
      { account: 'main', salt: 1, count: options.prospects, campaigns: 4 },
      { account: 'agency', salt: 2, count: options.agencyProspects, campaigns: 2 },
      ...options.companies.map((c) => ({
        account: companyAccount(c.id),
        salt: 1000 + c.id,
        count: c.prospects,
        campaigns: 3,
      })),
    ];
  for (const spec of accounts) {
    const account = store.addAccount(spec.account, campaigns(spec.campaigns));
    fillAccount(
      store,
      account.campaigns,
      spec.account,
      new Rng(hashInts(seed, spec.salt)),
      spec.count,
      pools,
    );
  }

  const leads = new Map<string, SandboxLead>();
  for (const lead of seedLeads(new Rng(hashInts(seed, 3)), options.leads)) leads.set(lead.id, lead);
  return {
    prospects: store,
    leads,
    companies: options.companies.map((c) => ({ id: c.id, name: c.name })),
  };
}

function fillAccount(
  store: ProspectStore,
  campaigns: readonly number[],
  accountId: SandboxAccountId,
  rng: Rng,
  count: number,
  pools: SeedPools,
): void {
  const account = store.account(accountId);
  const subsets = campaignSubsets(campaigns);
  for (let index = 0; index < count; index++) {
    const id = store.allocateId();
    const seeded = seedProspect(rng, pools, id, id - FIRST_PROSPECT_ID + 1, index, subsets.length);
    store.insert(account, seeded.prospect, seeded.fileName, subsets[seeded.campaignSubset] ?? []);
  }
}

/**
 * Shared, frozen membership lists (a delete with `campaigns_id` replaces a
 * prospect's list instead of editing it): about a third of prospects are in
 * no campaign, the rest in one or a few.
 */
function campaignSubsets(campaigns: readonly number[]): (readonly number[])[] {
  const subsets: (readonly number[])[] = [[], [], []];
  for (const id of campaigns) subsets.push([id]);
  if (campaigns.length >= 2) subsets.push(campaigns.slice(0, 2));
  if (campaigns.length >= 3) subsets.push([...campaigns]);
  return subsets.map((s) => Object.freeze(s));
}
