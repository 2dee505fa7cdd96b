import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { WoodpeckerV2AgencyClient } from '../../../../src/main/api/woodpecker-v2/agency-client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    prospects: 10,
    companies: [
      { id: 7, name: 'Hooli', prospects: 40 },
      { id: 8, name: 'Raviga', prospects: 5 },
    ],
    leads: 0,
  });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const client = (options: HttpOptions = {}) =>
  new WoodpeckerV2AgencyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.agency }, options);
const posts = () => sandbox.log.filter((e) => e.method === 'POST');

describe('WoodpeckerV2AgencyClient.deleteAllCompanyProspects', () => {
  it('asks Woodpecker to delete ALL of one company and reads the 202 answer', async () => {
    const result = await client().deleteAllCompanyProspects(7);
    expect(result.count).toBe(40);
    expect(sandbox.state.deletionRequests()).toEqual([
      { id: result.deletionRequestId, companyId: 7, count: 40 },
    ]);
    expect(posts()[0]).toMatchObject({
      path: '/rest/v2/agency/companies/7/prospects/delete',
      body: { type: 'ALL' },
      status: 202,
    });
  });

  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [404, 'not_found'],
    [500, 'server'],
  ] as const)('maps %i to %s, sent once', async (status, code) => {
    sandbox.faults.add({ fault: { kind: 'status', status } });
    const error = await rejectionOf(client(testHttp().options).deleteAllCompanyProspects(7));
    expect(error).toMatchObject({ code, httpStatus: status, outcomeUnknown: status === 500 });
    expect(posts()).toHaveLength(1);
  });

  it('reports 429 with its Retry-After instead of retrying', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '30' } });
    const { options, waits } = testHttp();
    const error = await rejectionOf(client(options).deleteAllCompanyProspects(7));
    expect(error).toMatchObject({ code: 'rate_limited', httpStatus: 429, outcomeUnknown: false });
    expect(waits).toEqual([]);
    expect(posts()).toHaveLength(1);
    expect(sandbox.state.deletionRequests()).toEqual([]);
  });

  it('flags a timeout as unknown and never resends', async () => {
    sandbox.faults.add({ fault: { kind: 'hang' } });
    const error = await rejectionOf(
      client(testHttp({ timeoutMs: 100 }).options).deleteAllCompanyProspects(7),
    );
    expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(posts()).toHaveLength(1);
  });

  it('flags a connection dropped after the delete was accepted as unknown', async () => {
    sandbox.faults.add({ fault: { kind: 'reset-after' } });
    const error = await rejectionOf(client(testHttp().options).deleteAllCompanyProspects(8));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(posts()).toHaveLength(1);
    expect(sandbox.state.deletionRequests()).toHaveLength(1);
  });
});
