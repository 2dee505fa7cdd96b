import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/main/api/http/api-error';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    prospects: 250,
    companies: [{ id: 7, name: 'Hooli', prospects: 30 }],
  });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const client = (options: HttpOptions = {}, apiKey = sandbox.keys.woodpecker) =>
  new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey }, options);
const lists = () => sandbox.log.filter((e) => e.method === 'GET');

describe('WoodpeckerV1Client listing', () => {
  it('reads a page with its total, mapping the wire quirks', async () => {
    const page = await client().listPage({ page: 1, per_page: 100 });
    expect(page.total).toBe(250);
    expect(page.prospects).toHaveLength(100);
    const ids = page.prospects.map((p) => p.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const prospect of page.prospects) {
      expect(prospect).not.toHaveProperty('last replied');
      expect(prospect).not.toHaveProperty('snipet1');
      expect(sandbox.state.prospects().get(prospect.id)?.email).toBe(prospect.email);
    }
    expect(lists()[0]?.query).toMatchObject({ page: '1', per_page: '100' });
  });

  it('lists everything in sequential pages and stops on the short page', async () => {
    const seen: { page: number; fetched: number }[] = [];
    const all: number[] = [];
    for await (const page of client().listAll(
      {},
      { perPage: 100, onPage: (p) => seen.push({ page: p.page, fetched: p.fetched }) },
    )) {
      all.push(...page.map((p) => p.id));
    }
    expect(all.sort((a, b) => a - b)).toEqual(
      [...sandbox.state.prospects().keys()].sort((a, b) => a - b),
    );
    expect(seen).toEqual([
      { page: 1, fetched: 100 },
      { page: 2, fetched: 200 },
      { page: 3, fetched: 250 },
    ]);
    expect(lists().map((e) => e.query.page)).toEqual(['1', '2', '3']);
  });

  it('stops on X-Total-Count when the last page is full: no extra empty request', async () => {
    let rows = 0;
    for await (const page of client().listAll({}, { perPage: 125 })) rows += page.length;
    expect(rows).toBe(250);
    expect(lists().map((e) => e.query.page)).toEqual(['1', '2']);
  });

  it('with `interested` (one row per campaign) only a short page ends the list', async () => {
    for await (const page of client().listAll({ interested: 'INTERESTED' }, { perPage: 1000 })) {
      expect(page.length).toBeGreaterThan(0);
    }
    const pages = lists().map((e) => e.query.page);
    expect(pages[pages.length - 1]).toBe(String(pages.length));
    expect(lists().every((e) => e.query.interested === 'INTERESTED')).toBe(true);
  });

  it('sends filters as query parameters and the company header for an agency key', async () => {
    const agency = new WoodpeckerV1Client({
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.agency,
      companyId: 7,
    });
    const page = await agency.listPage({ per_page: 1000, status: 'ACTIVE', diff: new Date(0) });
    const entry = lists()[0];
    expect(entry?.account).toBe('company:7');
    expect(entry?.headers['x-company-id']).toBe('7');
    expect(entry?.query).toMatchObject({ status: 'ACTIVE', diff: '1970-01-01T00:00:00+0000' });
    expect(page.prospects.every((p) => p.status === 'ACTIVE')).toBe(true);
  });

  it('counts prospects with one per_page=1 request', async () => {
    expect(await client().countProspects()).toBe(250);
    expect(lists()).toHaveLength(1);
    expect(lists()[0]?.query.per_page).toBe('1');
  });

  it.each(['200', '204'] as const)(
    'reads an empty answer given as %s as an empty page',
    async (emptyListAs) => {
      const empty = await startSandbox({ prospects: 0, emptyListAs });
      try {
        const c = new WoodpeckerV1Client({ baseUrl: empty.url, apiKey: empty.keys.woodpecker });
        expect(await c.listPage({ page: 1 })).toEqual({ prospects: [], raw: [], total: 0 });
        expect(await c.countProspects()).toBe(0);
        const pages: unknown[] = [];
        for await (const page of c.listAll()) pages.push(page);
        expect(pages).toEqual([]);
        expect(empty.log.every((e) => e.status === (emptyListAs === '200' ? 200 : 204))).toBe(true);
      } finally {
        await empty.close();
      }
    },
  );

  it('fails a read instead of returning an empty list', async () => {
    sandbox.faults.add({
      match: { method: 'GET' },
      fault: { kind: 'status', status: 500 },
      times: 10,
    });
    const { options } = testHttp({ maxAttempts: 3 });
    const pages: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const page of client(options).listAll()) pages.push(page);
      })(),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'server', httpStatus: 500, vendorCode: 'E_UNNOWN' });
    expect(pages).toEqual([]);
    expect(lists()).toHaveLength(3);
  });
});

describe('WoodpeckerV1Client read errors', () => {
  it.each([
    [401, 'E_SESSION', 'auth'],
    [403, 'E_NO_PERMISSION', 'permission'],
    [404, 'E_URL_NOT_FOUND', 'not_found'],
    [400, 'E_WRONG_PARAM', 'bad_request'],
    [400, 'E_PARSER_ERROR', 'bad_request'],
  ] as const)('maps %i %s to %s without retrying', async (status, vendorCode, code) => {
    sandbox.faults.add({ fault: { kind: 'status', status, vendorCode } });
    const { options, waits } = testHttp();
    const error = await rejectionOf(client(options).listPage({ page: 1 }));
    expect(error).toMatchObject({ code, httpStatus: status, vendorCode, outcomeUnknown: false });
    expect((error as ApiError).message).toMatch(/[A-Z].*\.$/);
    expect((error as ApiError).message).toContain(vendorCode);
    expect(waits).toEqual([]);
    expect(lists()).toHaveLength(1);
  });

  it('tells the user to check the key on a rejected key', async () => {
    const error = await rejectionOf(client({}, 'not-a-real-key-123456').listPage({ page: 1 }));
    expect(error).toMatchObject({ code: 'auth', httpStatus: 401, vendorCode: 'E_SESSION' });
    expect((error as ApiError).message).toBe(
      'The API key was rejected (E_SESSION). Check the key in Connections.',
    );
  });

  it('maps a key without the API add-on to permission', async () => {
    const error = await rejectionOf(client({}, sandbox.keys.noPermission).countProspects());
    expect(error).toMatchObject({
      code: 'permission',
      httpStatus: 403,
      vendorCode: 'E_NO_PERMISSION',
    });
  });

  it('retries 500 E_UNNOWN on a read and succeeds', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 500 }, times: 2 });
    const { options, waits, attempts } = testHttp();
    expect(await client(options).countProspects()).toBe(250);
    expect(waits).toEqual([250, 500]); // full jitter with random() = 0.5: 0.5 × 500, 0.5 × 1000
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('backs off on 409 E_TOO_MANY_REQUESTS as Retry-After says, through a storm', async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '2' },
      times: 3,
    });
    sandbox.faults.add({
      fault: {
        kind: 'status',
        status: 409,
        vendorCode: 'E_TOO_MANY_REQUESTS',
        retryAfter: 'Wed, 05 Mar 2025 12:00:07 GMT',
      },
    });
    const { options, waits, attempts } = testHttp({ maxAttempts: 6 });
    expect(await client(options).countProspects()).toBe(250);
    expect(waits).toEqual([2000, 2000, 2000, 7000]);
    expect(attempts.map((a) => a.status)).toEqual([409, 409, 409, 409, 200]);
  });

  it('backs off exponentially when 409 has no Retry-After, and gives up before passing the wait limit', async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS' },
      times: 4,
    });
    // 499 + 999 + 1998 = 3496 ms waited; the next wait (3996) would pass 3.5 s.
    const { options, waits } = testHttp({ busy: { maxTotalWaitMs: 3500 }, random: () => 0.999 });
    const error = await rejectionOf(client(options).countProspects());
    expect(error).toMatchObject({
      code: 'rate_limited',
      httpStatus: 409,
      vendorCode: 'E_TOO_MANY_REQUESTS',
    });
    expect(waits).toEqual([499, 999, 1998]);
    expect(lists()).toHaveLength(4);
  });

  it('reports a Retry-After too far away instead of waiting for it', async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '3600' },
    });
    const { options, waits } = testHttp();
    const error = await rejectionOf(client(options).countProspects());
    expect(error).toMatchObject({ code: 'rate_limited', retryAt: Date.UTC(2025, 2, 5, 13, 0, 0) });
    expect(waits).toEqual([]);
  });

  it.each(['reset-before', 'truncated-json', 'malformed-json'] as const)(
    'retries a read after %s and succeeds',
    async (kind) => {
      sandbox.faults.add({ match: { method: 'GET' }, fault: { kind } });
      const { options, attempts } = testHttp();
      const page = await client(options).listPage({ page: 1, per_page: 10 });
      expect(page.prospects).toHaveLength(10);
      expect(attempts).toHaveLength(2);
      expect(attempts[0]?.error).toBe(kind === 'reset-before' ? 'network' : 'unexpected_response');
    },
  );

  it('times out a hanging read and retries it', async () => {
    sandbox.faults.add({ fault: { kind: 'hang' } });
    const { options, attempts } = testHttp({ timeoutMs: 150 });
    expect(await client(options).countProspects()).toBe(250);
    expect(attempts.map((a) => a.error ?? a.status)).toEqual(['timeout', 200]);
  });

  it('gives a timeout error when every attempt hangs', async () => {
    sandbox.faults.add({ fault: { kind: 'hang' }, times: 2 });
    const { options } = testHttp({ timeoutMs: 100, maxAttempts: 2 });
    const error = await rejectionOf(client(options).countProspects());
    expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: false });
    expect((error as ApiError).message).toContain('did not answer within 100 ms');
  });

  it('cancels via AbortSignal, mid-request and before the first request', async () => {
    sandbox.faults.add({ fault: { kind: 'latency', ms: 5_000 } });
    const controller = new AbortController();
    const { options } = testHttp();
    const running = client(options).countProspects(controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(running)).toMatchObject({ code: 'cancelled', message: 'Cancelled.' });

    const before = sandbox.log.length;
    expect(await rejectionOf(client(options).countProspects(AbortSignal.abort()))).toMatchObject({
      code: 'cancelled',
    });
    expect(sandbox.log.length).toBe(before);
  });
});
