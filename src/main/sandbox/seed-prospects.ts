import { Rng } from './prng';
import {
  COMPANIES,
  FIRST_NAMES,
  LAST_NAMES,
  LONG_SNIPPETS,
  PLACES,
  SHOWCASE_SNIPPETS,
  SNIPPET_LABEL,
  SNIPPETS,
  TAGS,
  TITLES,
} from './seed-pools';
import type { SandboxProspect } from './types';
import { formatVendorTime, SEED_BASE_MS } from './vendor-time';

/** Global statuses (notes/api-facts.md), weighted mostly ACTIVE. */
export const PROSPECT_STATUSES = ['ACTIVE', 'BLACKLIST', 'BOUNCED', 'INVALID', 'REPLIED'] as const;
const STATUS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['ACTIVE', 80],
  ['REPLIED', 7],
  ['BOUNCED', 5],
  ['BLACKLIST', 4],
  ['INVALID', 4],
];

/** Import names the seeded prospects carry in their hidden `file_name`. */
const SEED_FILE_NAMES = [
  'Seed import 2025-01-10',
  'Seed import 2025-01-10',
  'Webinar leads.csv',
  '',
];

/** Labels map shared by every prospect without one; frozen so nobody edits it in place. */
export const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

const FREE_MAIL = ['mail.example', 'inbox.example.de', 'poczta.example.pl'];
const DAY_MS = 86_400_000;

/**
 * Pools shared by all accounts of one sandbox: a few thousand timestamps and
 * phone numbers, formatted once, so 1M prospects share the strings.
 */
export interface SeedPools {
  /** Vendor-format timestamps within the year before SEED_BASE_MS, ascending. */
  times: readonly string[];
  phones: readonly string[];
  websites: readonly string[];
}

export function buildSeedPools(rng: Rng): SeedPools {
  const instants: number[] = [];
  for (let i = 0; i < 4096; i++)
    instants.push(SEED_BASE_MS - Math.floor(rng.next() * 365 * DAY_MS));
  instants.sort((a, b) => a - b);
  const phones: string[] = [];
  for (let i = 0; i < 512; i++) phones.push(randomPhone(rng));
  // Websites as users type them: some with www and a trailing slash, some plain http.
  const websites = COMPANIES.map(([name, domain], i) => {
    if (name === '') return '';
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- seed data, never fetched
    return i % 3 === 0 ? `http://www.${domain}/` : `https://${domain}`;
  });
  return { times: instants.map(formatVendorTime), phones, websites };
}

function randomPhone(rng: Rng): string {
  const d = (n: number) => String(rng.int(10 ** n)).padStart(n, '0');
  switch (rng.int(6)) {
    case 0:
      return `+1 415-555-${d(4)}`;
    case 1:
      return `0049 30 ${d(4)}`;
    case 2:
      return `+48 12 ${d(3)} ${d(2)} ${d(2)}`;
    case 3:
      return `(415) 555-${d(4)}`;
    case 4:
      return d(9);
    default:
      return '';
  }
}

/** The seeded prospect plus its hidden state. */
export interface SeededProspect {
  prospect: SandboxProspect;
  fileName: string;
  /** Index into the account's campaign subsets. */
  campaignSubset: number;
}

/**
 * One seeded prospect in the exact v1 wire shape (woodpecker-v1-list-prospects.txt),
 * keys in the documented order. `ordinal` is unique across the sandbox and
 * makes the email unique; `index` is the position within its account (the
 * first few showcase one kind of mess each).
 */
export function seedProspect(
  rng: Rng,
  pools: SeedPools,
  id: number,
  ordinal: number,
  index: number,
  campaignSubsets: number,
): SeededProspect {
  const [firstName, firstSlug] = rng.pick(FIRST_NAMES);
  const [lastName, lastSlug] = rng.pick(LAST_NAMES);
  const companyIndex = rng.int(COMPANIES.length);
  const [company, domain, industry] = COMPANIES[companyIndex] ?? ['', 'mail.example', ''];
  const [city, state, country, address] = rng.pick(PLACES);
  const mailDomain = company === '' || rng.chance(0.25) ? rng.pick(FREE_MAIL) : domain;
  let email = `${firstSlug}.${lastSlug}${ordinal}@${mailDomain}`;
  if (index === 5 || rng.chance(0.03)) email = mixedCase(email);

  const status = rng.weighted(STATUS_WEIGHTS);
  const times = pools.times;
  const u = rng.int(times.length);
  const contacted = status === 'REPLIED' || rng.chance(0.6);
  const c = contacted ? rng.int(u + 1) : -1;
  const replied = contacted && (status === 'REPLIED' || rng.chance(0.1));
  const r = replied ? c + rng.int(u - c + 1) : -1;

  const s = seedSnippets(rng, index, firstName, company);
  const labelled = s[0] !== '' && rng.chance(0.1);
  return {
    prospect: {
      id,
      email,
      first_name: firstName,
      last_name: lastName,
      company,
      organization_id: company === '' ? null : 654_321_000 + companyIndex,
      industry,
      website: pools.websites[companyIndex] ?? '',
      linkedin_url: rng.chance(0.5)
        ? `https://www.linkedin.com/in/${firstSlug}-${lastSlug}-${ordinal.toString(36)}`
        : '',
      tags: rng.pick(TAGS),
      title: rng.pick(TITLES),
      phone: rng.pick(pools.phones),
      address,
      city,
      state,
      country,
      last_contacted: c >= 0 ? (times[c] ?? '') : '',
      'last replied': r >= 0 ? (times[r] ?? '') : '',
      updated: times[u] ?? '',
      encrypted: false,
      snipet1: s[0],
      snipet2: s[1],
      snipet3: s[2],
      snipet4: s[3],
      snippet1: s[0],
      snippet2: s[1],
      snippet3: s[2],
      snippet4: s[3],
      snippet5: s[4],
      snippet6: s[5],
      snippet7: s[6],
      snippet8: s[7],
      snippet9: s[8],
      snippet10: s[9],
      snippet11: s[10],
      snippet12: s[11],
      snippet13: s[12],
      snippet14: s[13],
      snippet15: s[14],
      snippet_labels: labelled ? { [SNIPPET_LABEL]: s[0] } : NO_LABELS,
      status,
    },
    fileName: rng.pick(SEED_FILE_NAMES),
    campaignSubset: rng.int(campaignSubsets),
  };
}

type Fifteen = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

/** Reused for every prospect: its values are copied into the literal at once (less GC at 1M). */
const scratch: Fifteen = ['', '', '', '', '', '', '', '', '', '', '', '', '', '', ''];
const EXTRA_SNIPPETS = [
  [0, 70],
  [1, 20],
  [2, 10],
] as const;

function seedSnippets(rng: Rng, index: number, firstName: string, company: string): Fifteen {
  const s = scratch;
  s.fill('');
  const showcase = SHOWCASE_SNIPPETS[index];
  if (showcase !== undefined) s[0] = showcase;
  else if (index === SHOWCASE_SNIPPETS.length) s[0] = LONG_SNIPPETS[0] ?? '';
  else if (rng.chance(0.7)) {
    const roll = rng.next();
    if (roll < 0.003) s[0] = rng.pick(LONG_SNIPPETS);
    else if (roll < 0.1) s[0] = `Hi ${firstName}, saw that ${company || 'your team'} is hiring`;
    else s[0] = rng.pick(SNIPPETS);
  }
  if (rng.chance(0.4)) s[1] = rng.pick(SNIPPETS);
  if (rng.chance(0.2)) s[2] = rng.pick(SNIPPETS);
  // Most higher snippets are empty, as in real accounts.
  const extra = rng.weighted(EXTRA_SNIPPETS);
  for (let i = 0; i < extra; i++) s[3 + rng.int(12)] = rng.pick(SNIPPETS);
  return s;
}

/** `Anna.Kowalska17@Bachmanity.example`: some users' lists keep capitals. */
function mixedCase(email: string): string {
  return email.replace(/(^|[.@])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** A prospect added through `add_prospects_list`: every field empty until set. */
export function blankProspect(id: number, email: string, updated: string): SandboxProspect {
  return {
    id,
    email,
    first_name: '',
    last_name: '',
    company: '',
    organization_id: null,
    industry: '',
    website: '',
    linkedin_url: '',
    tags: '',
    title: '',
    phone: '',
    address: '',
    city: '',
    state: '',
    country: '',
    last_contacted: '',
    'last replied': '',
    updated,
    encrypted: false,
    snipet1: '',
    snipet2: '',
    snipet3: '',
    snipet4: '',
    snippet1: '',
    snippet2: '',
    snippet3: '',
    snippet4: '',
    snippet5: '',
    snippet6: '',
    snippet7: '',
    snippet8: '',
    snippet9: '',
    snippet10: '',
    snippet11: '',
    snippet12: '',
    snippet13: '',
    snippet14: '',
    snippet15: '',
    snippet_labels: NO_LABELS,
    status: 'ACTIVE',
  };
}
