import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  // 'reject' answers 409/429 at once when an account already has a request in
  // flight, so any violation of one-at-a-time would show in the log.
  sandbox = await startSandbox({
    prospects: 300,
    companies: [{ id: 7, name: 'Hooli', prospects: 20 }],
    leads: 30,
    latencyMs: 20,
    concurrency: 'reject',
  });
});
afterAll(async () => sandbox.close());

describe('one request in flight per account', () => {
  it('serialises concurrent calls from many clients of the same account', async () => {
    sandbox.reset();
    const { options } = testHttp();
    const clients = Array.from(
      { length: 4 },
      () =>
        new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker }, options),
    );
    const [first] = [...sandbox.state.prospects().values()];
    const calls = clients.flatMap((c, i) => [
      c.countProspects(),
      c.listPage({ page: i + 1, per_page: 50 }),
      c.updateProspects({
        prospects: [{ email: first?.email ?? '', snippet1: `v${i}` }],
        fileName: 'x',
      }),
    ]);
    await Promise.all(calls);
    expect(sandbox.log).toHaveLength(12);
    expect(sandbox.log.every((e) => e.status !== 409 && e.status !== 429)).toBe(true);
    expect(sandbox.maxInFlight('main')).toBe(1);
  });

  it('lets different accounts overlap while each stays at one', async () => {
    sandbox.reset();
    const main = new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker });
    const company = new WoodpeckerV1Client({
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.agency,
      companyId: 7,
    });
    const leads = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads });
    await Promise.all([
      main.countProspects(),
      main.countProspects(),
      company.countProspects(),
      company.countProspects(),
      leads.list({ limit: 5 }),
      leads.list({ limit: 5, page: 2 }),
    ]);
    expect(sandbox.log.every((e) => e.status === 200)).toBe(true);
    for (const account of ['main', 'company:7', 'leads'])
      expect(sandbox.maxInFlight(account)).toBe(1);
    const firstOf = (account: string) => sandbox.log.find((e) => e.account === account);
    const a = firstOf('main');
    const b = firstOf('company:7');
    // Both accounts' first requests were in flight at the same time.
    expect(a && b && a.startedAt < b.endedAt && b.startedAt < a.endedAt).toBe(true);
  });
});
