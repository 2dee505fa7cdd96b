import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { readPagingHints } from '../../../../src/main/api/leads/paging';
import { startSandbox } from '../../../../src/main/sandbox';
import { LEADS_PAGING_VARIANTS } from '../../../../src/main/sandbox/seed-data';
import type { LeadsPaging, Sandbox } from '../../../../src/main/sandbox/types';
import { testHttp } from '../support';

/**
 * Listing every lead against each way a Leads API may page (notes/api-facts.md:
 * the docs define none), over real HTTP: the sandbox as each variant, and a
 * few hand-written servers for answers no sandbox variant gives.
 */

const LEADS = 230;

async function listEvery(c: LeadsClient, query: { status?: string } = {}) {
  const pages = c.listAll(query);
  const ids: string[] = [];
  let next = await pages.next();
  for (; !next.done; next = await pages.next()) ids.push(...next.value.map((l) => l.id));
  return { ids, end: next.value };
}

const clientOf = (baseUrl: string, options: HttpOptions = testHttp().options) =>
  new LeadsClient({ baseUrl, apiKey: 'sk-workspace_test_key_123' }, options);

describe.each(LEADS_PAGING_VARIANTS.filter((v) => v !== 'ignores-page'))(
  'listAll against a server paging as "%s"',
  (leadsPaging: LeadsPaging) => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ prospects: 0, companies: [], leads: LEADS, leadsPaging });
    });
    afterAll(async () => sandbox.close());
    const client = () =>
      new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, testHttp().options);

    it('lists every lead once, in order, and says the listing is complete', async () => {
      sandbox.reset();
      const { ids, end } = await listEvery(client());
      expect(ids).toEqual([...sandbox.state.leads().keys()]);
      expect(end).toMatchObject({ complete: true, reason: 'end', listed: LEADS });
      // 100 + 100 + 30: the short page ends it, or the server said so.
      expect(end.requests).toBe(3);
      expect(sandbox.log[0]?.query).toEqual({ limit: '100' });
    });

    it('lists every lead of one status', async () => {
      sandbox.reset();
      const lost = [...sandbox.state.leads().values()]
        .filter((l) => l.status === 'lost')
        .map((l) => l.id);
      const { ids, end } = await listEvery(client(), { status: 'lost' });
      expect(ids).toEqual(lost);
      expect(end.complete).toBe(true);
      expect(sandbox.log.every((e) => e.query.status === 'lost')).toBe(true);
    });
  },
);

describe('listAll against a server that ignores the page parameter', () => {
  it('stops at the repeated page: no loop, no lead twice, and says the listing is partial', async () => {
    const sandbox = await startSandbox({
      prospects: 0,
      companies: [],
      leads: LEADS,
      leadsPaging: 'ignores-page',
    });
    try {
      const c = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads });
      const { ids, end } = await listEvery(c);
      expect(ids).toEqual([...sandbox.state.leads().keys()].slice(0, 100));
      expect(end).toEqual({
        complete: false,
        reason: 'repeated',
        listed: 100,
        total: null,
        requests: 2,
      });
    } finally {
      await sandbox.close();
    }
  });

  it('is complete when everything fits on the first page', async () => {
    const sandbox = await startSandbox({
      prospects: 0,
      companies: [],
      leads: 40,
      leadsPaging: 'ignores-page',
    });
    try {
      const c = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads });
      const { ids, end } = await listEvery(c);
      expect(ids).toHaveLength(40);
      expect(end).toMatchObject({ complete: true, requests: 1 });
    } finally {
      await sandbox.close();
    }
  });
});

describe('listAll, doc-only server with an exact multiple of the page size', () => {
  it('asks once more, gets an empty page, and ends complete', async () => {
    const sandbox = await startSandbox({ prospects: 0, companies: [], leads: 200 });
    try {
      const c = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads });
      const { ids, end } = await listEvery(c);
      expect(new Set(ids).size).toBe(200);
      expect(end).toMatchObject({ complete: true, reason: 'end', requests: 3 });
    } finally {
      await sandbox.close();
    }
  });
});

describe('listAll when the Leads API answers 429', () => {
  it('waits out a storm of 60 × 429 (Retry-After: 0) and lists everything', async () => {
    const sandbox = await startSandbox({ prospects: 0, companies: [], leads: LEADS });
    try {
      sandbox.faults.add({
        match: { method: 'GET' },
        fault: { kind: 'status', status: 429, retryAfter: '0' },
        times: 60,
      });
      const { options, waits } = testHttp();
      const c = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, options);
      const { ids } = await listEvery(c);
      expect(ids).toEqual([...sandbox.state.leads().keys()]);
      expect(waits).toEqual(Array.from({ length: 60 }, () => 0));
      expect(sandbox.log.filter((e) => e.status === 429)).toHaveLength(60);
    } finally {
      await sandbox.close();
    }
  });
});

/** A server answering what `answer` says, with the requests it saw. */
async function craftedServer(
  answer: (url: URL, req: IncomingMessage) => { status?: number; body: unknown },
): Promise<{ url: string; seen: URL[]; close(): Promise<void> }> {
  const seen: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(url);
    const { status = 200, body } = answer(url, req);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const leadsFrom = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `lead_${from + i}`, status: 'lost' }));

describe('listAll against hand-written servers', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const serve = async (answer: Parameters<typeof craftedServer>[0]) => {
    const server = await craftedServer(answer);
    servers.push(server);
    return server;
  };

  it('ignores odd undocumented fields instead of failing', async () => {
    const server = await serve((url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      return {
        body: {
          data: {
            leads: page === 1 ? leadsFrom(0, 100) : leadsFrom(100, 7),
            pagination: 'n/a',
            total: -4,
            hasMore: 'maybe',
            next: { rel: 'next' },
          },
          meta: [1, 2],
        },
      };
    });
    const { ids, end } = await listEvery(clientOf(server.url));
    expect(ids).toHaveLength(107);
    expect(end).toMatchObject({ complete: true, total: null, requests: 2 });
  });

  it('never follows a next link to another origin (the key stays home)', async () => {
    const elsewhere = await serve(() => ({ body: { data: { leads: leadsFrom(900, 5) } } }));
    const server = await serve((url) => ({
      body: {
        data: { leads: url.searchParams.has('page') ? leadsFrom(100, 3) : leadsFrom(0, 100) },
        links: { next: `${elsewhere.url}/api/v1/leads?page=2` },
      },
    }));
    const { ids } = await listEvery(clientOf(server.url));
    expect(elsewhere.seen).toEqual([]);
    expect(ids).toHaveLength(103);
  });

  it('follows a relative next link and stops when next is null', async () => {
    const server = await serve((url) => {
      const at = Number(url.searchParams.get('after') ?? '0');
      return {
        body: {
          data: { leads: leadsFrom(at, at < 20 ? 10 : 4) },
          next: at < 20 ? `/api/v1/leads?limit=100&after=${at + 10}` : null,
        },
      };
    });
    const { ids, end } = await listEvery(clientOf(server.url));
    expect(ids).toHaveLength(24);
    expect(end).toMatchObject({ complete: true, requests: 3 });
    expect(server.seen.map((u) => u.searchParams.get('after'))).toEqual([null, '10', '20']);
  });

  it('lists a lead that shows up on two pages once', async () => {
    const server = await serve((url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      // Page 2 starts with the last lead of page 1 (a lead added meanwhile shifted it).
      const leads = page === 1 ? leadsFrom(0, 100) : page === 2 ? leadsFrom(99, 50) : [];
      return { body: { data: { leads, hasMore: page < 2 } } };
    });
    const { ids, end } = await listEvery(clientOf(server.url));
    expect(ids).toEqual(leadsFrom(0, 149).map((l) => l.id));
    expect(end).toMatchObject({ complete: true, listed: 149 });
  });

  it('stops, partial, when a server that says hasMore keeps sending the same page', async () => {
    const server = await serve(() => ({
      body: { data: { leads: leadsFrom(0, 100), hasMore: true } },
    }));
    const { ids, end } = await listEvery(clientOf(server.url));
    expect(ids).toHaveLength(100);
    expect(end).toMatchObject({ complete: false, reason: 'repeated', requests: 2 });
  });

  it('stops, partial, when the server refuses the page it never offered', async () => {
    const server = await serve((url) =>
      url.searchParams.has('page')
        ? {
            status: 400,
            body: { success: false, error: 'Validation failed', code: 'VALIDATION_ERROR' },
          }
        : { body: { data: { leads: leadsFrom(0, 100) } } },
    );
    const { ids, end } = await listEvery(clientOf(server.url));
    expect(ids).toHaveLength(100);
    expect(end).toMatchObject({ complete: false, reason: 'not-paged', requests: 2 });
  });

  it('still fails a listing whose documented part is wrong', async () => {
    const server = await serve(() => ({ body: { data: { items: [] } } }));
    await expect(listEvery(clientOf(server.url))).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });
});

describe('readPagingHints', () => {
  it.each([
    [{ data: { leads: [] } }, {}],
    [
      { data: { leads: [], pagination: { page: 1, limit: 100, total: 230, pages: 3 } } },
      { total: 230, pages: 3 },
    ],
    [
      { data: { leads: [] }, meta: { totalPages: '4', totalCount: '301' } },
      { pages: 4, total: 301 },
    ],
    [{ data: { leads: [], has_more: false } }, { hasMore: false }],
    [
      { data: { leads: [] }, links: { next: { href: '/api/v1/leads?page=2' } } },
      { next: { url: '/api/v1/leads?page=2' } },
    ],
    [{ data: { leads: [], nextCursor: 'abc' } }, { next: { cursor: 'abc' } }],
    [{ data: { leads: [], next: 'abc' } }, { next: { cursor: 'abc' } }],
    [{ data: { leads: [], next_page: 3 } }, { next: { page: 3 } }],
    [{ data: { leads: [], next: null, total: 5 } }, { next: null, total: 5 }],
    [{ data: { leads: [], total: 'lots', pages: -1, hasMore: 1 } }, {}],
    ['not an object', {}],
  ])('%j → %j', (body, hints) => {
    expect(readPagingHints(body)).toEqual(hints);
  });

  it('takes a total from X-Total-Count when the body has none', () => {
    expect(
      readPagingHints({ data: { leads: [] } }, new Headers({ 'x-total-count': '42' })),
    ).toEqual({ total: 42 });
  });
});
