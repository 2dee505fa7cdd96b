import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 0, companies: [], leads: 230 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const client = (options: HttpOptions = {}) =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, options);
/** Runs listAll to its end: every id yielded, in order, and how it ended. */
async function listEvery(c: LeadsClient, query: { status?: string } = {}) {
  const pages = c.listAll(query);
  const ids: string[] = [];
  let next = await pages.next();
  for (; !next.done; next = await pages.next()) ids.push(...next.value.map((l) => l.id));
  return { ids, end: next.value };
}

const firstLead = () => {
  const [lead] = sandbox.state.leads().values();
  if (!lead) throw new Error('the sandbox has no leads');
  return lead;
};

describe('LeadsClient', () => {
  it('lists a page as documented (data.leads, no paging field), sending the Bearer key', async () => {
    const page = await client().list({ limit: 10 });
    expect(page.leads).toHaveLength(10);
    expect(page.paging).toEqual({});
    expect(sandbox.log[0]?.headers).toHaveProperty('authorization');
    expect(sandbox.log[0]?.account).toBe('leads');
    expect(sandbox.log[0]?.query).toEqual({ limit: '10' });
  });

  it('lists every lead, 100 per request, starting with the documented request', async () => {
    const all = await listEvery(client());
    expect(all.ids).toEqual([...sandbox.state.leads().keys()]);
    expect(all.end).toEqual({
      complete: true,
      reason: 'end',
      listed: 230,
      total: null,
      requests: 3,
    });
    expect(sandbox.log.map((e) => e.query)).toEqual([
      { limit: '100' },
      { limit: '100', page: '2' },
      { limit: '100', page: '3' },
    ]);

    const status = String(firstLead().status);
    const from = sandbox.log.length;
    const filtered = await listEvery(client(), { status });
    expect(filtered.ids).toEqual(
      [...sandbox.state.leads().values()].filter((l) => l.status === status).map((l) => l.id),
    );
    expect(sandbox.log[from]?.query).toEqual({ status, limit: '100' });
  });

  it('gets a lead exactly as stored, unknown fields included', async () => {
    const stored = firstLead();
    expect(await client().get(stored.id)).toEqual(stored);
  });

  it('updates and archives a lead as the docs describe', async () => {
    const stored = firstLead();
    const updated = await client().update(stored.id, { name: 'Renamed' });
    expect(updated.name).toBe('Renamed');
    const now = new Date('2025-03-05T12:00:00.000Z');
    const archived = await client().archive(stored.id, 'No longer interested', { now });
    expect(archived).toMatchObject({
      status: 'lost',
      metadata: {
        archived: true,
        archived_at: '2025-03-05T12:00:00.000Z',
        archived_reason: 'No longer interested',
      },
    });
    expect(sandbox.state.leads().get(stored.id)?.status).toBe('lost');
    expect(sandbox.log.filter((e) => e.method === 'PUT')).toHaveLength(2);
  });

  it('deletes a lead once and reports a second delete as not found', async () => {
    const stored = firstLead();
    const result = await client().delete(stored.id);
    expect(result.id).toBe(stored.id);
    expect(Number.isNaN(Date.parse(result.deletedAt))).toBe(false);
    expect(sandbox.state.leads().has(stored.id)).toBe(false);
    const error = await rejectionOf(client().delete(stored.id));
    expect(error).toMatchObject({
      code: 'not_found',
      httpStatus: 404,
      vendorCode: 'LEAD_NOT_FOUND',
      outcomeUnknown: false,
    });
  });

  it('maps a missing lead on read to not_found', async () => {
    const error = await rejectionOf(client().get('lead_nonexistent123'));
    expect(error).toMatchObject({
      code: 'not_found',
      httpStatus: 404,
      vendorCode: 'LEAD_NOT_FOUND',
    });
  });

  it('maps a rejected key to auth', async () => {
    const c = new LeadsClient({ baseUrl: sandbox.url, apiKey: 'sk-wrong-000000' });
    expect(await rejectionOf(c.list())).toMatchObject({ code: 'auth', httpStatus: 401 });
  });

  it('backs off on 429 and succeeds', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '3' }, times: 2 });
    const { options, waits } = testHttp();
    const page = await client(options).list({ limit: 5 });
    expect(page.leads).toHaveLength(5);
    expect(waits).toEqual([3000, 3000]);
  });

  it('flags a delete whose connection drops after applying it as unknown, sent once', async () => {
    const stored = firstLead();
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    const error = await rejectionOf(client(testHttp().options).delete(stored.id));
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(sandbox.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
  });
});
