import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { V1Error, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 600 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const ids = () => [...sandbox.state.prospects().keys()];
const del = (query: string) =>
  woodpecker(sandbox, `/rest/v1/prospects?${query}`, { method: 'DELETE' });

describe('DELETE /rest/v1/prospects', () => {
  it('deletes globally and answers 200 with an empty body, ignoring unknown ids', async () => {
    const [a, b] = ids();
    const res = await del(`id=${a},${b},1234567890`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(sandbox.state.prospects().has(Number(a))).toBe(false);
    expect(sandbox.state.prospects().has(Number(b))).toBe(false);
    expect(sandbox.state.prospects().size).toBe(598);
    expect(sandbox.state.hidden(Number(a))).toBeUndefined();
    expect(sandbox.log.at(-1)?.applied).toBe(true);
  });

  it('accepts %2C as the separator', async () => {
    const [a, b] = ids();
    expect((await del(`id=${a}%2C${b}`)).status).toBe(200);
    expect(sandbox.state.prospects().size).toBe(598);
  });

  it('only removes campaign membership when campaigns_id is given', async () => {
    const member = ids().find((id) => (sandbox.state.hidden(id)?.campaigns.length ?? 0) > 0);
    const before = sandbox.state.hidden(Number(member))?.campaigns ?? [];
    const res = await del(`id=${member}&campaigns_id=${before[0]},999`);
    expect(res.status).toBe(200);
    expect(sandbox.state.prospects().has(Number(member))).toBe(true);
    expect(sandbox.state.hidden(Number(member))?.campaigns).toEqual(before.slice(1));
  });

  it('does not delete another account’s prospects', async () => {
    const theirs = [...sandbox.state.prospects('company:101').keys()][0];
    expect((await del(`id=${theirs}`)).status).toBe(200);
    expect(sandbox.state.prospects('company:101').has(Number(theirs))).toBe(true);
    expect(sandbox.log.at(-1)?.applied).toBe(false);
  });

  it('measures the whole URL: 4,100 characters pass, 4,101 are 414', async () => {
    const all = ids();
    // Real ids, then one unknown filler id sized to hit the length exactly.
    const urlOfLength = (length: number) => {
      let url = `${sandbox.url}/rest/v1/prospects?id=${all[0]}`;
      for (let i = 1; url.length + 11 + 2 <= length; i++) url += `,${all[i]}`;
      return `${url},${'9'.repeat(length - url.length - 1)}`;
    };
    const send = (url: string) =>
      fetch(url, { method: 'DELETE', headers: { 'x-api-key': sandbox.keys.woodpecker } });

    const tooLong = urlOfLength(4101);
    expect(tooLong).toHaveLength(4101);
    const refused = await send(tooLong);
    expect(refused.status).toBe(414);
    expect(V1Error.parse(await refused.json()).status).toEqual({
      status: 'ERROR',
      code: 'E_WRONG_PARAM',
      msg: 'Request URL too long',
    });
    expect(sandbox.state.prospects().size).toBe(600);

    const fits = urlOfLength(4100);
    expect(fits).toHaveLength(4100);
    expect((await send(fits)).status).toBe(200);
    const sent = fits.split('=')[1]?.split(',').length ?? 0;
    expect(sandbox.state.prospects().size).toBe(600 - (sent - 1));
  });

  it('rejects a missing or malformed id list and unknown params', async () => {
    for (const query of ['', 'id=', 'id=12,ab', 'id=1,,2']) {
      const res = await del(query);
      expect(res.status).toBe(400);
      expect(V1Error.parse(await res.json()).status.code).toBe('E_WRONG_PARAM');
    }
    const unknown = await del(`id=${ids()[0]}&force=1`);
    expect(V1Error.parse(await unknown.json()).status.msg).toBe('Unknown param:force');
    expect(sandbox.state.prospects().size).toBe(600);
  });
});
