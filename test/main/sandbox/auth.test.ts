import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { leads, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 30 });
});
afterAll(() => sandbox.close());

const SESSION_MSG =
  "The API key you've entered is incorrect or no longer valid. Check if you pasted the key correctly. You can generate a new key in Woodpecker: Settings -> API Keys.";

const totalOf = async (init: Parameters<typeof woodpecker>[2]) => {
  const res = await woodpecker(sandbox, '/rest/v1/prospects?per_page=1', init);
  return { status: res.status, total: res.headers.get('x-total-count') };
};

describe('authentication and accounts', () => {
  it('answers 401 in each family’s envelope for a missing or wrong key', async () => {
    const v1 = await fetch(`${sandbox.url}/rest/v1/prospects`);
    expect(v1.status).toBe(401);
    expect(await v1.json()).toEqual({
      status: { status: 'ERROR', code: 'E_SESSION', msg: SESSION_MSG },
    });

    const v2 = await woodpecker(sandbox, '/rest/v2/agency/companies/101/prospects/delete', {
      method: 'POST',
      key: sandbox.keys.leads,
      body: '{"type":"ALL"}',
    });
    expect(v2.status).toBe(401);
    expect(await v2.json()).toMatchObject({
      title: 'Unauthorized',
      status: 401,
      detail: 'Invalid api key',
    });

    const lead = await leads(sandbox, '/api/v1/leads', { key: sandbox.keys.woodpecker });
    expect(lead.status).toBe(401);
    expect(await lead.json()).toEqual({
      success: false,
      error: 'Unauthorized',
      code: 'UNAUTHORIZED',
    });
    const bare = await fetch(`${sandbox.url}/api/v1/leads`, {
      headers: { 'x-api-key': sandbox.keys.leads },
    });
    expect(bare.status).toBe(401);
  });

  it('answers 403 E_NO_PERMISSION for a key without the API add-on', async () => {
    const res = await woodpecker(sandbox, '/rest/v1/prospects', { key: sandbox.keys.noPermission });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      status: {
        status: 'ERROR',
        code: 'E_NO_PERMISSION',
        msg: 'You need to have an API keys addon to access our API.',
      },
    });
  });

  it('maps keys and x-company-id to accounts', async () => {
    expect(await totalOf({})).toEqual({ status: 200, total: '30' });
    expect(await totalOf({ key: sandbox.keys.agency })).toEqual({ status: 200, total: '20' });
    expect(await totalOf({ key: sandbox.keys.agency, companyId: 101 })).toEqual({
      status: 200,
      total: '340',
    });
    expect(await totalOf({ key: sandbox.keys.companies[102] })).toEqual({
      status: 200,
      total: '75',
    });
    expect(await totalOf({ key: sandbox.keys.companies[102], companyId: 102 })).toEqual({
      status: 200,
      total: '75',
    });
    const accounts = sandbox.log.slice(-5).map((e) => e.account);
    expect(accounts).toEqual(['main', 'agency', 'company:101', 'company:102', 'company:102']);
  });

  it('refuses an unknown company or acting as another company with 403', async () => {
    for (const init of [
      { key: sandbox.keys.agency, companyId: 999 },
      { key: sandbox.keys.companies[101], companyId: 102 },
      { key: sandbox.keys.woodpecker, companyId: 101 },
    ]) {
      const res = await woodpecker(sandbox, '/rest/v1/prospects', init);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ status: { code: 'E_NO_PERMISSION' } });
    }
  });

  it('answers unknown paths with 404 in the family’s envelope', async () => {
    const v1 = await woodpecker(sandbox, '/rest/v1/webhooks/someMadeUpURL');
    expect(v1.status).toBe(404);
    expect(await v1.json()).toEqual({
      status: {
        status: 'ERROR',
        code: 'E_URL_NOT_FOUND',
        msg: 'URL not found: /rest/v1/webhooks/someMadeUpURL',
      },
    });
    const v2 = await woodpecker(sandbox, '/rest/v2/agency/companies', { key: sandbox.keys.agency });
    expect(v2.status).toBe(404);
    expect(await v2.json()).toMatchObject({
      title: 'Not Found',
      detail: 'Requested resource does not exist',
    });
    const lead = await leads(sandbox, '/api/v1/contacts');
    expect(lead.status).toBe(404);
    expect(await lead.json()).toMatchObject({ success: false, code: 'NOT_FOUND' });
  });
});
