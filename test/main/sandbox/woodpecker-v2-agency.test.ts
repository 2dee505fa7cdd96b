import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 10 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const V2Error = z.object({
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  timestamp: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
});

const deleteAll = (
  companyId: number,
  key: string,
  body: string = JSON.stringify({ type: 'ALL' }),
) =>
  woodpecker(sandbox, `/rest/v2/agency/companies/${companyId}/prospects/delete`, {
    method: 'POST',
    key,
    body,
  });

describe('POST /rest/v2/agency/companies/{id}/prospects/delete', () => {
  it('deletes every prospect of the company and answers 202 with the request id and count', async () => {
    const res = await deleteAll(101, sandbox.keys.agency);
    expect(res.status).toBe(202);
    const body = z
      .object({ deletion_request_id: z.number().int(), count: z.number() })
      .parse(await res.json());
    expect(body.count).toBe(340);
    expect(sandbox.state.prospects('company:101').size).toBe(0);
    expect(sandbox.state.prospects('company:102').size).toBe(75);
    expect(sandbox.state.prospects().size).toBe(10);
    expect(sandbox.state.deletionRequests()).toEqual([
      { id: body.deletion_request_id, companyId: 101, count: 340 },
    ]);
    expect(sandbox.log.at(-1)).toMatchObject({ account: 'agency', status: 202, applied: true });

    const again = await deleteAll(101, sandbox.keys.agency);
    expect(await again.json()).toEqual({
      deletion_request_id: body.deletion_request_id + 1,
      count: 0,
    });
  });

  it('refuses every key but the agency key with the v2 envelope', async () => {
    for (const key of [sandbox.keys.woodpecker, sandbox.keys.companies[101] ?? '']) {
      const res = await deleteAll(101, key);
      expect(res.status).toBe(403);
      expect(V2Error.parse(await res.json())).toMatchObject({ title: 'Forbidden', status: 403 });
    }
    const noKey = await deleteAll(101, 'wrong-key');
    expect(noKey.status).toBe(401);
    expect(V2Error.parse(await noKey.json())).toMatchObject({
      title: 'Unauthorized',
      status: 401,
      detail: 'Invalid api key',
    });
    expect(sandbox.state.prospects('company:101').size).toBe(340);
  });

  it('answers 404 for an unknown company and 400 for any body but {"type": "ALL"}', async () => {
    const unknown = await deleteAll(999, sandbox.keys.agency);
    expect(unknown.status).toBe(404);
    expect(V2Error.parse(await unknown.json())).toMatchObject({
      title: 'Not Found',
      detail: 'Requested resource does not exist',
    });
    for (const body of ['{"type": "SOME"}', '{}', '{"type": ', '']) {
      const res = await deleteAll(101, sandbox.keys.agency, body);
      expect(res.status).toBe(400);
      expect(V2Error.parse(await res.json())).toMatchObject({ title: 'Bad request', status: 400 });
    }
    expect(sandbox.state.prospects('company:101').size).toBe(340);
    expect(sandbox.state.deletionRequests()).toEqual([]);
  });
});
