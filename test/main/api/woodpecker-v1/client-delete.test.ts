import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { MAX_DELETE_URL_LENGTH } from '../../../../src/shared/delete-url-packing';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_000, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const client = (options: HttpOptions = {}) =>
  new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker }, options);
const deletes = () => sandbox.log.filter((e) => e.method === 'DELETE');
const ids = () => [...sandbox.state.prospects().keys()].sort((a, b) => a - b);

describe('WoodpeckerV1Client deleting', () => {
  it('deletes 1,000 prospects in the fewest URLs of at most 4,100 characters', async () => {
    const all = ids();
    const c = client();
    const batches = c.planDeleteRequests(all);
    for (const batch of batches) await c.deleteBatch(batch);
    expect(sandbox.state.prospects().size).toBe(0);
    const logged = deletes();
    expect(logged).toHaveLength(batches.length);
    expect(logged.every((e) => e.url.length <= MAX_DELETE_URL_LENGTH && e.status === 200)).toBe(
      true,
    );
    // Independent minimum: total characters of the id lists over the room per URL.
    const room = MAX_DELETE_URL_LENGTH - `${sandbox.url}/rest/v1/prospects?id=`.length;
    const chars = all.reduce((sum, id) => sum + String(id).length + 1, 0) - 1;
    const perUrl = Math.floor((room + 1) / (String(all[0]).length + 1));
    expect(new Set(all.map((id) => String(id).length)).size).toBe(1);
    expect(logged).toHaveLength(Math.ceil(all.length / perUrl));
    expect(logged.length).toBeGreaterThanOrEqual(Math.ceil(chars / room));
    // The commas reach the server unencoded: what we measured is what was sent.
    expect(logged[0]?.url).toContain(`${all[0]},${all[1]},`);
  });

  it('only removes campaign membership when campaign ids are given', async () => {
    const member = ids().find((id) => (sandbox.state.hidden(id)?.campaigns.length ?? 0) > 0) ?? 0;
    const campaigns = sandbox.state.hidden(member)?.campaigns ?? [];
    const [dropped] = campaigns;
    await client().deleteBatch([member], { campaignIds: [dropped ?? 0] });
    expect(sandbox.state.prospects().has(member)).toBe(true);
    expect(sandbox.state.hidden(member)?.campaigns).toEqual(campaigns.filter((c) => c !== dropped));
    expect(deletes()[0]?.query).toEqual({ id: String(member), campaigns_id: String(dropped) });
  });

  it('refuses an empty campaign list rather than deleting globally', async () => {
    const [first] = ids();
    await expect(client().deleteBatch([first ?? 0], { campaignIds: [] })).rejects.toMatchObject({
      code: 'validation',
    });
    expect(deletes()).toHaveLength(0);
  });

  it('refuses a batch that does not fit in one URL', async () => {
    await expect(client().deleteBatch(ids())).rejects.toMatchObject({ code: 'validation' });
    expect(deletes()).toHaveLength(0);
  });

  it('flags a delete whose connection drops after it was applied, sent exactly once', async () => {
    const batch = ids().slice(0, 5);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    const { options } = testHttp();
    const error = await rejectionOf(client(options).deleteBatch(batch));
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(deletes()).toHaveLength(1);
    expect(batch.some((id) => sandbox.state.prospects().has(id))).toBe(false);
  });

  it('retries a delete refused with 409 (not processed) and succeeds', async () => {
    const batch = ids().slice(0, 5);
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS' },
    });
    const { options, waits } = testHttp();
    await client(options).deleteBatch(batch);
    expect(waits).toEqual([250]);
    expect(deletes().map((e) => e.status)).toEqual([409, 200]);
  });
});
