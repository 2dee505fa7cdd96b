import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { leads, updateBody, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 10, leads: 3 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

describe('request log', () => {
  it('records each request with redacted keys, the query and the parsed body', async () => {
    await woodpecker(sandbox, '/rest/v1/prospects?per_page=2&status=ACTIVE', {
      headers: { 'X-Trace': 'abc' },
    });
    const body = { update: true, file_name: 'f', prospects: [{ email: 'new@example.com' }] };
    await woodpecker(sandbox, '/rest/v1/add_prospects_list', updateBody(body));
    await leads(sandbox, '/api/v1/leads?limit=1');

    const [list, update, lead] = sandbox.log;
    expect(list).toMatchObject({
      seq: 1,
      method: 'GET',
      path: '/rest/v1/prospects',
      url: `${sandbox.url}/rest/v1/prospects?per_page=2&status=ACTIVE`,
      query: { per_page: '2', status: 'ACTIVE' },
      account: 'main',
      status: 200,
      applied: false,
    });
    expect(list?.headers['x-api-key']).toBe('<redacted>');
    expect(list?.headers['x-trace']).toBe('abc');
    expect(update).toMatchObject({ method: 'POST', body, status: 200, applied: true });
    expect(lead?.headers.authorization).toBe('<redacted>');
    expect(JSON.stringify(sandbox.log)).not.toContain(sandbox.keys.woodpecker);
    expect(JSON.stringify(sandbox.log)).not.toContain(sandbox.keys.leads);
    for (const entry of sandbox.log) expect(entry.endedAt).toBeGreaterThanOrEqual(entry.startedAt);
  });

  it('logs refused requests without an account, and unparseable bodies as text', async () => {
    await woodpecker(sandbox, '/rest/v1/add_prospects_list', {
      method: 'POST',
      key: 'nope',
      body: '{oops',
    });
    expect(sandbox.log[0]).toMatchObject({
      account: null,
      status: 401,
      body: '{oops',
      applied: false,
    });
  });

  it('reset() restores the seeded data and clears log, faults and maxima in place', async () => {
    const log = sandbox.log;
    const seeded = [...sandbox.state.prospects().values()].map((p) => ({ ...p }));
    await woodpecker(sandbox, `/rest/v1/prospects?id=${seeded[0]?.id}`, { method: 'DELETE' });
    sandbox.faults.add({ fault: { kind: 'status', status: 500 } });
    expect(sandbox.state.prospects().size).toBe(9);
    sandbox.reset();
    expect(log).toHaveLength(0);
    expect(sandbox.faults.pending()).toBe(0);
    expect(sandbox.maxInFlight()).toBe(0);
    expect([...sandbox.state.prospects().values()]).toEqual(seeded);
    await woodpecker(sandbox, '/rest/v1/prospects');
    expect(log[0]?.seq).toBe(1);
  });
});
