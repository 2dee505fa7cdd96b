import { describe, expect, it } from 'vitest';
import { testAccount } from '../../../src/main/connections/connection-test';
import { startSandbox } from '../../../src/main/sandbox';
import type { LeadsPaging } from '../../../src/main/sandbox/types';

/** "Test connection" on a Leads API, over real HTTP against the sandbox. */
async function testLeads(leadsPaging: LeadsPaging) {
  const sandbox = await startSandbox({ prospects: 0, companies: [], leads: 42, leadsPaging });
  try {
    const result = await testAccount({
      api: 'leads',
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.leads,
      label: 'CRM',
    });
    return { result, query: sandbox.log[0]?.query };
  } finally {
    await sandbox.close();
  }
}

describe('testAccount on a Leads API', () => {
  it('connects to a server that follows the docs (no total): count unknown, not a failure', async () => {
    const { result, query } = await testLeads('doc-only');
    expect(result).toMatchObject({ count: null, unit: 'leads' });
    // One documented request: no page parameter the docs do not define.
    expect(query).toEqual({ limit: '1' });
  });

  it('reports the count when the server gives a total', async () => {
    expect((await testLeads('pages')).result).toMatchObject({ count: 42, unit: 'leads' });
    expect((await testLeads('totalPages')).result).toMatchObject({ count: 42, unit: 'leads' });
  });
});
