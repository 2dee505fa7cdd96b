import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { updateBody, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 50 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const post = async (body: unknown, init: Parameters<typeof woodpecker>[2] = {}) => {
  const res = await woodpecker(sandbox, '/rest/v1/add_prospects_list', {
    ...updateBody(body),
    ...init,
  });
  return { status: res.status, body: (await res.json()) as unknown };
};
const first = () => {
  const p = [...sandbox.state.prospects().values()][0];
  if (!p) throw new Error('no prospects');
  return p;
};
const OK = { status: 'OK', code: 'OK', msg: 'OK' };

describe('POST /rest/v1/add_prospects_list', () => {
  it('updates only the fields sent, mirrors snipetN and bumps updated', async () => {
    const before = { ...first() };
    const { status, body } = await post({
      update: true,
      file_name: 'API import 2025-04-01',
      prospects: [{ email: before.email.toUpperCase(), snippet2: 'New value', city: 'Łódź' }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      prospects: [{ email: before.email.toUpperCase(), id: before.id }],
      status: OK,
    });
    const after = sandbox.state.prospects().get(before.id);
    expect(after).toEqual({
      ...before,
      snippet2: 'New value',
      snipet2: 'New value',
      city: 'Łódź',
      updated: after?.updated,
    });
    expect(after?.updated).not.toBe(before.updated);
    expect(after?.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]00$/);
    expect(sandbox.state.hidden(before.id)?.file_name).toBe('API import 2025-04-01');
  });

  it('clears the stored import name when file_name is omitted (vendor trap)', async () => {
    const p = first();
    await post({ update: true, file_name: 'kept', prospects: [{ email: p.email }] });
    expect(sandbox.state.hidden(p.id)?.file_name).toBe('kept');
    await post({ update: true, prospects: [{ email: p.email, title: 'CTO' }] });
    expect(sandbox.state.hidden(p.id)?.file_name).toBe('');
  });

  it('adds unknown emails with a new unique id', async () => {
    // Ids are unique across accounts: the next one follows the last company's.
    const accounts = ['main', 'agency', 'company:101', 'company:102'];
    const maxId = Math.max(...accounts.flatMap((a) => [...sandbox.state.prospects(a).keys()]));
    const { status, body } = await post({
      update: true,
      file_name: 'x',
      prospects: [{ email: 'new.person@example.com', first_name: 'Zoë', status: 'REPLIED' }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      prospects: [{ email: 'new.person@example.com', id: maxId + 1 }],
      status: OK,
    });
    const added = [...sandbox.state.prospects().values()].at(-1);
    expect(added).toMatchObject({
      email: 'new.person@example.com',
      first_name: 'Zoë',
      status: 'REPLIED',
      company: '',
      snipet1: '',
    });
    expect(sandbox.state.hidden(Number(added?.id))).toEqual({ file_name: 'x', campaigns: [] });
  });

  it('reports per-prospect errors in request order, 200 when one succeeded', async () => {
    const p = first();
    const { status, body } = await post({
      update: true,
      prospects: [
        { email: 'erlichbachman.com' },
        { email: p.email, status: 'SLEEPING' },
        { email: p.email, tags: '#ok' },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      prospects: [
        {
          email: 'erlichbachman.com',
          status: 'ERROR',
          code: 'E_EMAIL',
          msg: 'This looks like invalid email format: erlichbachman.com',
        },
        { email: p.email, id: p.id, status: 'ERROR', code: 'E_INV_STATUS', msg: 'Status unknown.' },
        { email: p.email, id: p.id },
      ],
      status: OK,
    });
  });

  it('answers 400 with the rows when none succeeded, and E_DUPLICATE without update: true', async () => {
    const p = first();
    const { status, body } = await post({
      prospects: [{ email: p.email, first_name: 'X' }, { email: 'bad' }],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      prospects: [
        { email: p.email, id: p.id, status: 'ERROR', code: 'E_DUPLICATE' },
        { email: 'bad', status: 'ERROR', code: 'E_EMAIL' },
      ],
      status: { status: 'ERROR', code: 'E_DUPLICATE', msg: 'Emails could not be added.' },
    });
    expect(sandbox.state.prospects().get(p.id)?.first_name).toBe(p.first_name);
    expect(sandbox.log.at(-1)?.applied).toBe(false);
  });

  it('rejects unparseable bodies, a missing prospects array and more than 20,000 prospects', async () => {
    const raw = await woodpecker(sandbox, '/rest/v1/add_prospects_list', {
      method: 'POST',
      body: '{"update": tru',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      status: { status: 'ERROR', code: 'E_PARSER_ERROR', msg: 'Invalid request body.' },
    });
    expect(await post({ update: true })).toMatchObject({
      status: 400,
      body: { status: { code: 'E_WRONG_PARAM' } },
    });
    const many = Array.from({ length: 20_001 }, (_, i) => ({ email: `p${i}@example.com` }));
    expect(await post({ update: true, prospects: many })).toMatchObject({
      status: 400,
      body: { status: { code: 'E_WRONG_PARAM' } },
    });
    expect(sandbox.state.prospects().size).toBe(50);
  });
});
