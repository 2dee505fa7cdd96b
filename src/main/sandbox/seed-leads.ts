import { Rng } from './prng';
import { COMPANIES, FIRST_NAMES, LAST_NAMES, SOURCES } from './seed-pools';
import type { SandboxLead } from './types';
import { SEED_BASE_MS } from './vendor-time';

/** Lead statuses of the Leads API (leads-api-delete-lead.txt uses "lost" to archive). */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'lost', 'won'] as const;

const LEAD_TAGS = ['hot', 'cold', 'enterprise', 'smb', 'webinar', 'q3', 'partner'];
const DAY_MS = 86_400_000;

/**
 * Seeded leads in the Leads API's shape: `lead_` + 16 hex characters, ISO
 * timestamps before the fixed seed date, tags as an array, metadata an object
 * (sometimes empty, sometimes already archived).
 */
export function seedLeads(rng: Rng, count: number): SandboxLead[] {
  const leads: SandboxLead[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    let id = '';
    do id = `lead_${hex8(rng)}${hex8(rng)}`;
    while (ids.has(id));
    ids.add(id);
    const [firstName, firstSlug] = rng.pick(FIRST_NAMES);
    const [lastName, lastSlug] = rng.pick(LAST_NAMES);
    const [company, domain, industry] = rng.pick(COMPANIES);
    const status = rng.weighted([
      ['new', 40],
      ['contacted', 25],
      ['qualified', 15],
      ['lost', 12],
      ['won', 8],
    ] as const);
    const created = SEED_BASE_MS - Math.floor(rng.next() * 200 * DAY_MS);
    const updated = created + Math.floor(rng.next() * 20 * DAY_MS);
    const tags = LEAD_TAGS.filter(() => rng.chance(0.2));
    const metadata: Record<string, unknown> = {};
    if (industry !== '' && rng.chance(0.5)) metadata.industry = industry;
    if (rng.chance(0.3)) metadata.score = rng.int(100);
    if (status === 'lost' && rng.chance(0.3)) {
      metadata.archived = true;
      metadata.archived_at = new Date(updated).toISOString();
      metadata.archived_reason = 'No longer interested';
    }
    leads.push({
      id,
      name: `${firstName} ${lastName}`.trim(),
      email: `${firstSlug}.${lastSlug}.${i}@${domain}`,
      company,
      phone: rng.chance(0.7) ? `+1 415-555-${String(rng.int(10_000)).padStart(4, '0')}` : '',
      status,
      source: rng.pick(SOURCES),
      tags,
      metadata,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(updated).toISOString(),
    });
  }
  return leads;
}

function hex8(rng: Rng): string {
  return rng.uint32().toString(16).padStart(8, '0');
}
