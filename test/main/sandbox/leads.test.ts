import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { LeadsPaging, Sandbox } from '../../../src/main/sandbox/types';
import { leads } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 0, leads: 120, leadsPaging: 'pages' });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const LeadList = z.object({
  success: z.literal(true),
  data: z.object({
    leads: z.array(z.looseObject({ id: z.string(), status: z.string() })),
    pagination: z.object({
      page: z.number(),
      limit: z.number(),
      total: z.number(),
      pages: z.number(),
    }),
  }),
});
const someLead = () => {
  const lead = [...sandbox.state.leads().values()][3];
  if (!lead) throw new Error('no leads');
  return lead;
};

describe('Leads API', () => {
  it('lists 50 per page by default with pagination (variant "pages"), and filters by status', async () => {
    const res = await leads(sandbox, '/api/v1/leads');
    const body = LeadList.parse(await res.json());
    expect(body.data.pagination).toEqual({ page: 1, limit: 50, total: 120, pages: 3 });
    expect(body.data.leads.map((l) => l.id)).toEqual(
      [...sandbox.state.leads().keys()].slice(0, 50),
    );

    const last = LeadList.parse(
      await (await leads(sandbox, '/api/v1/leads?limit=100&page=2')).json(),
    );
    expect(last.data.leads).toHaveLength(20);

    const lost = LeadList.parse(
      await (await leads(sandbox, '/api/v1/leads?status=lost&limit=100')).json(),
    );
    const expected = [...sandbox.state.leads().values()].filter((l) => l.status === 'lost');
    expect(lost.data.pagination.total).toBe(expected.length);
    expect(lost.data.leads.every((l) => l.status === 'lost')).toBe(true);

    for (const query of ['limit=101', 'limit=0', 'status=archived', 'page=x']) {
      const bad = await leads(sandbox, `/api/v1/leads?${query}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('reads one lead', async () => {
    const lead = someLead();
    const res = await leads(sandbox, `/api/v1/leads/${lead.id}`);
    expect(await res.json()).toEqual({ success: true, data: lead });
  });

  it('updates with PUT, merging metadata and bumping updatedAt', async () => {
    const lead = someLead();
    const res = await leads(sandbox, `/api/v1/leads/${lead.id}`, {
      method: 'PUT',
      body: JSON.stringify({
        status: 'lost',
        metadata: { archived: true, archived_reason: 'No longer interested' },
      }),
    });
    expect(res.status).toBe(200);
    const stored = sandbox.state.leads().get(lead.id);
    expect(await res.json()).toEqual({ success: true, data: stored });
    expect(stored).toMatchObject({ status: 'lost', name: lead.name });
    expect(stored?.metadata).toEqual({
      ...z.record(z.string(), z.unknown()).parse(lead.metadata),
      archived: true,
      archived_reason: 'No longer interested',
    });
    expect(String(stored?.updatedAt) > String(lead.updatedAt)).toBe(true);

    for (const body of ['{"status": "archived"}', '{"status": ', '[]', '{"tags": "hot"}']) {
      const bad = await leads(sandbox, `/api/v1/leads/${lead.id}`, { method: 'PUT', body });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('deletes a lead, then answers 404 LEAD_NOT_FOUND for it', async () => {
    const lead = someLead();
    const res = await leads(sandbox, `/api/v1/leads/${lead.id}`, { method: 'DELETE' });
    const body = z
      .object({
        success: z.literal(true),
        message: z.literal('Lead deleted successfully'),
        data: z.object({ id: z.literal(lead.id), deletedAt: z.iso.datetime() }),
      })
      .parse(await res.json());
    expect(body.data.id).toBe(lead.id);
    expect(sandbox.state.leads().has(lead.id)).toBe(false);

    for (const method of ['GET', 'PUT', 'DELETE']) {
      const gone = await leads(sandbox, `/api/v1/leads/${lead.id}`, {
        method,
        ...(method === 'PUT' && { body: '{"status":"won"}' }),
      });
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({
        success: false,
        error: 'Lead not found',
        code: 'LEAD_NOT_FOUND',
        details: { leadId: lead.id, message: 'No lead found with this ID in your workspace' },
      });
    }
  });
});

describe('Leads list paging variants', () => {
  const listBody = z.looseObject({
    success: z.literal(true),
    data: z.looseObject({ leads: z.array(z.looseObject({ id: z.string() })) }),
  });
  async function list(s: Sandbox, query: string) {
    const res = await leads(s, `/api/v1/leads?${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    return { body, ids: listBody.parse(body).data.leads.map((l) => l.id) };
  }
  async function withVariant(
    leadsPaging: LeadsPaging,
    run: (s: Sandbox, all: string[]) => Promise<void>,
  ) {
    const s = await startSandbox({ prospects: 0, companies: [], leads: 25, leadsPaging });
    try {
      await run(s, [...s.state.leads().keys()]);
    } finally {
      await s.close();
    }
  }

  it('is doc-only by default: {success, data: {leads}} and nothing else, page honoured', async () => {
    const s = await startSandbox({ prospects: 0, companies: [], leads: 25 });
    try {
      const all = [...s.state.leads().keys()];
      const first = await list(s, 'limit=10');
      expect(first.body).toEqual({ success: true, data: { leads: expect.any(Array) } });
      expect(Object.keys(first.body.data as object)).toEqual(['leads']);
      expect(first.ids).toEqual(all.slice(0, 10));
      expect((await list(s, 'limit=10&page=3')).ids).toEqual(all.slice(20));
    } finally {
      await s.close();
    }
  });

  it('"ignores-page" answers page one whatever page is asked for', () =>
    withVariant('ignores-page', async (s, all) => {
      expect((await list(s, 'limit=10&page=2')).ids).toEqual(all.slice(0, 10));
    }));

  it('"totalPages" puts currentPage, totalPages and totalCount in meta', () =>
    withVariant('totalPages', async (s, all) => {
      const last = await list(s, 'limit=10&page=3');
      expect(last.ids).toEqual(all.slice(20));
      expect(last.body.meta).toEqual({ currentPage: 3, totalPages: 3, totalCount: 25 });
    }));

  it('"hasMore" says whether a page follows', () =>
    withVariant('hasMore', async (s) => {
      expect((await list(s, 'limit=10&page=2')).body.data).toMatchObject({ hasMore: true });
      expect((await list(s, 'limit=10&page=3')).body.data).toMatchObject({ hasMore: false });
    }));

  it('"next" links the next page absolutely, then null', () =>
    withVariant('next', async (s, all) => {
      const first = await list(s, 'limit=10');
      const next = (first.body.links as { next: string }).next;
      expect(next).toBe(`${s.url}/api/v1/leads?limit=10&page=2`);
      const second = await list(s, new URL(next).search.slice(1));
      expect(second.ids).toEqual(all.slice(10, 20));
      expect((await list(s, 'limit=10&page=3')).body.links).toEqual({ next: null });
    }));

  it('"cursor" hands out an opaque nextCursor to send back as cursor, then null', () =>
    withVariant('cursor', async (s, all) => {
      const first = await list(s, 'limit=10');
      const cursor = (first.body.data as { nextCursor: string }).nextCursor;
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = await list(s, `limit=10&cursor=${cursor}`);
      expect(second.ids).toEqual(all.slice(10, 20));
      const bad = await leads(s, '/api/v1/leads?cursor=nonsense');
      expect(bad.status).toBe(400);
    }));
});
