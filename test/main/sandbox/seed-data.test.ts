import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { V1_PROSPECT_KEYS, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 400, leads: 30 });
});
afterAll(() => sandbox.close());

const prospects = (sb: Sandbox, account?: string) => [...sb.state.prospects(account).values()];

describe('seeded data', () => {
  it('is the same for the same seed and different for another seed', async () => {
    const twin = await startSandbox({ prospects: 400, leads: 30 });
    const other = await startSandbox({ prospects: 400, leads: 30, seed: 7 });
    try {
      expect(prospects(twin)).toEqual(prospects(sandbox));
      expect(prospects(twin, 'company:101')).toEqual(prospects(sandbox, 'company:101'));
      expect([...twin.state.leads().values()]).toEqual([...sandbox.state.leads().values()]);
      const a = await (await woodpecker(sandbox, '/rest/v1/prospects?page=2')).text();
      const b = await (await woodpecker(twin, '/rest/v1/prospects?page=2')).text();
      expect(b).toBe(a);

      expect(prospects(other).map((p) => p.email)).not.toEqual(
        prospects(sandbox).map((p) => p.email),
      );
      expect([...other.state.leads().keys()]).not.toEqual([...sandbox.state.leads().keys()]);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('keeps the main account the same whatever the companies are', async () => {
    const fewer = await startSandbox({ prospects: 400, leads: 0, companies: [] });
    try {
      expect(prospects(fewer)).toEqual(prospects(sandbox));
      expect(fewer.state.companies()).toEqual([]);
    } finally {
      await fewer.close();
    }
  });

  it('has the default accounts and companies', () => {
    expect(sandbox.state.companies()).toEqual([
      { id: 101, name: 'Acme Outreach' },
      { id: 102, name: 'Blue Harbor Media' },
      { id: 103, name: 'Nordlicht GmbH' },
    ]);
    expect(sandbox.state.prospects().size).toBe(400);
    expect(sandbox.state.prospects('agency').size).toBe(20);
    expect(sandbox.state.prospects('company:101').size).toBe(340);
    expect(sandbox.state.prospects('company:102').size).toBe(75);
    expect(sandbox.state.prospects('company:103').size).toBe(0);
    expect(() => sandbox.state.prospects('company:999')).toThrow(/no account/);
  });

  it('gives 10-digit ids, unique across accounts and ascending in insertion order', () => {
    const all = ['main', 'agency', 'company:101', 'company:102'].flatMap((a) =>
      prospects(sandbox, a).map((p) => p.id),
    );
    expect(all.every((id) => /^\d{10}$/.test(String(id)))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(all[0]).toBe(1_091_000_001);
  });

  it('stores prospects in the exact v1 wire shape', () => {
    for (const p of prospects(sandbox)) {
      expect(Object.keys(p)).toEqual(V1_PROSPECT_KEYS);
      for (let n = 1; n <= 4; n++) expect(p[`snipet${n}`]).toBe(p[`snippet${n}`]);
      expect(p.encrypted).toBe(false);
      expect(p.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]00$/);
      expect(['ACTIVE', 'BLACKLIST', 'BOUNCED', 'INVALID', 'REPLIED']).toContain(p.status);
    }
    const statuses = prospects(sandbox).map((p) => p.status);
    expect(statuses.filter((s) => s === 'ACTIVE').length).toBeGreaterThan(statuses.length / 2);
    expect(prospects(sandbox).some((p) => p['last replied'] !== '')).toBe(true);
  });

  it('has unique emails (case-insensitively), some of them with capitals', () => {
    const emails = ['main', 'agency', 'company:101'].flatMap((a) =>
      prospects(sandbox, a).map((p) => p.email),
    );
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(emails.length);
    expect(emails.some((e) => e !== e.toLowerCase())).toBe(true);
  });

  it('has the mess real lists have, even in a small account', () => {
    const small = prospects(sandbox, 'agency');
    const cells = small.flatMap((p) =>
      Object.values(p).filter((v): v is string => typeof v === 'string'),
    );
    const has = (test: (s: string) => boolean) => cells.some(test);
    expect(has((s) => /^[=+]/.test(s))).toBe(true);
    expect(has((s) => s.includes('🚀'))).toBe(true);
    expect(has((s) => s.length > 1000)).toBe(true);
    expect(has((s) => s.includes('\n'))).toBe(true);
    expect(has((s) => s.includes('<br/>'))).toBe(true);
    expect(has((s) => s.includes('"') && s.includes(','))).toBe(true);
    expect(has((s) => s !== s.trim())).toBe(true);
    expect(has((s) => /[ąęłńóśźż]/.test(s))).toBe(true);
    expect(has((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s))).toBe(true);
    expect(small.some((p) => p.snippet15 === '')).toBe(true);
  });

  it('seeds hidden import names and campaign membership', () => {
    const sample = prospects(sandbox).slice(0, 50);
    const hidden = sample.map((p) => sandbox.state.hidden(p.id));
    expect(hidden.every((h) => h !== undefined)).toBe(true);
    expect(hidden.some((h) => h?.file_name === 'Seed import 2025-01-10')).toBe(true);
    const campaigns = sandbox.state.campaigns();
    expect(campaigns).toEqual([501, 502, 503, 504]);
    expect(hidden.some((h) => (h?.campaigns.length ?? 0) > 0)).toBe(true);
    expect(hidden.every((h) => h?.campaigns.every((c) => campaigns.includes(c)))).toBe(true);
    expect(sandbox.state.hidden(42)).toBeUndefined();
  });

  it('seeds leads in the Leads API shape', () => {
    const all = [...sandbox.state.leads().values()];
    expect(all).toHaveLength(30);
    for (const lead of all) {
      expect(lead.id).toMatch(/^lead_[0-9a-f]{16}$/);
      expect(['new', 'contacted', 'qualified', 'lost', 'won']).toContain(lead.status);
      expect(Array.isArray(lead.tags)).toBe(true);
      expect(typeof lead.metadata).toBe('object');
      expect(new Date(String(lead.createdAt)).toISOString()).toBe(lead.createdAt);
      expect(String(lead.updatedAt) >= String(lead.createdAt)).toBe(true);
    }
  });
});
