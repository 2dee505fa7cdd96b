import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { leads, until, updateBody, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 20, leads: 5 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const firstId = () => Number([...sandbox.state.prospects().keys()][0]);
const deleteFirst = () =>
  woodpecker(sandbox, `/rest/v1/prospects?id=${firstId()}`, { method: 'DELETE' });
const listPage = () => woodpecker(sandbox, '/rest/v1/prospects?per_page=5');

describe('scripted faults', () => {
  it('status: answers in the family’s envelope with Retry-After, once by default', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 409, retryAfter: '2' } });
    expect(sandbox.faults.pending()).toBe(1);
    const busy = await listPage();
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(await busy.json()).toEqual({
      status: {
        status: 'ERROR',
        code: 'E_TOO_MANY_REQUESTS',
        msg: 'Too many requests in one time',
      },
    });
    expect(sandbox.faults.pending()).toBe(0);
    expect((await listPage()).status).toBe(200);

    sandbox.faults.add({ fault: { kind: 'status', status: 500 } });
    expect(await (await listPage()).json()).toEqual({
      status: { status: 'ERROR', code: 'E_UNNOWN', msg: 'Unknown error.' },
    });
    sandbox.faults.add({ fault: { kind: 'status', status: 400, vendorCode: 'E_CUSTOM' } });
    expect(await (await listPage()).json()).toMatchObject({ status: { code: 'E_CUSTOM' } });
  });

  it('status: uses the v2 and Leads envelopes on those paths', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429 }, times: 2 });
    const v2 = await woodpecker(sandbox, '/rest/v2/agency/companies/101/prospects/delete', {
      method: 'POST',
      key: sandbox.keys.agency,
      body: '{"type":"ALL"}',
    });
    expect(v2.status).toBe(429);
    expect(await v2.json()).toMatchObject({ title: 'Too Many Requests', status: 429 });
    const lead = await leads(sandbox, '/api/v1/leads');
    expect(lead.status).toBe(429);
    expect(await lead.json()).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(sandbox.state.prospects('company:101').size).toBe(340);
  });

  it('matches by method and path (string or RegExp), in insertion order', async () => {
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 500 } });
    sandbox.faults.add({ match: { path: /leads/ }, fault: { kind: 'status', status: 503 } });
    expect((await listPage()).status).toBe(200);
    expect((await leads(sandbox, '/api/v1/leads')).status).toBe(503);
    expect((await deleteFirst()).status).toBe(500);
    expect(sandbox.state.prospects().size).toBe(20);
    sandbox.faults.add({
      match: { path: '/rest/v1/prospects' },
      fault: { kind: 'status', status: 502 },
      times: Infinity,
    });
    expect((await listPage()).status).toBe(502);
    expect((await listPage()).status).toBe(502);
    sandbox.faults.clear();
    expect((await listPage()).status).toBe(200);
  });

  it('latency: delays, then processes normally', async () => {
    sandbox.faults.add({ fault: { kind: 'latency', ms: 20 } });
    expect((await deleteFirst()).status).toBe(200);
    expect(sandbox.state.prospects().size).toBe(19);
    expect(sandbox.log.at(-1)).toMatchObject({ fault: 'latency', applied: true, status: 200 });
  });

  it('reset-before: drops the connection and applies nothing', async () => {
    sandbox.faults.add({ fault: { kind: 'reset-before' } });
    await expect(deleteFirst()).rejects.toThrow();
    expect(sandbox.state.prospects().size).toBe(20);
    expect(sandbox.log.at(-1)).toMatchObject({
      fault: 'reset-before',
      applied: false,
      status: null,
    });
  });

  it('reset-after: applies, then drops the connection without answering', async () => {
    const p = [...sandbox.state.prospects().values()][0];
    sandbox.faults.add({ fault: { kind: 'reset-after' } });
    const update = woodpecker(sandbox, '/rest/v1/add_prospects_list', {
      ...updateBody({
        update: true,
        file_name: 'f',
        prospects: [{ email: p?.email, title: 'Changed' }],
      }),
    });
    await expect(update).rejects.toThrow();
    expect(sandbox.state.prospects().get(Number(p?.id))?.title).toBe('Changed');
    expect(sandbox.log.at(-1)).toMatchObject({ fault: 'reset-after', applied: true, status: null });
  });

  it('malformed-json: applies, then answers 200 with a body that is not JSON', async () => {
    sandbox.faults.add({ fault: { kind: 'malformed-json' }, times: 2 });
    const res = await deleteFirst();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    await expect(res.json()).rejects.toThrow();
    expect(sandbox.state.prospects().size).toBe(19);
    const page = await listPage();
    await expect(page.json()).rejects.toThrow();
  });

  it('truncated-json: applies, announces the full length and sends half', async () => {
    sandbox.faults.add({ fault: { kind: 'truncated-json' } });
    const res = await listPage();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow();

    sandbox.faults.add({ fault: { kind: 'truncated-json' } });
    const del = await deleteFirst();
    await expect(del.text()).rejects.toThrow();
    expect(sandbox.state.prospects().size).toBe(19);
  });

  it('hang: never answers nor applies, until the client aborts', async () => {
    sandbox.faults.add({ fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = woodpecker(sandbox, `/rest/v1/prospects?id=${firstId()}`, {
      method: 'DELETE',
      signal: controller.signal,
    });
    await until(() => sandbox.log.at(-1)?.fault === 'hang');
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(sandbox.state.prospects().size).toBe(20);
    expect(sandbox.log.at(-1)).toMatchObject({ status: null, applied: false });
    // The account's slot is free again.
    expect((await listPage()).status).toBe(200);
  });

  it('close() ends hung requests', async () => {
    const own = await startSandbox({ prospects: 3, leads: 0, companies: [] });
    own.faults.add({ fault: { kind: 'hang' } });
    const pending = woodpecker(own, '/rest/v1/prospects');
    await until(() => own.log[0]?.fault === 'hang');
    await own.close();
    await expect(pending).rejects.toThrow();
  });
});
