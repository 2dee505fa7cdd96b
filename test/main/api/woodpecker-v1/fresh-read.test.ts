import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { readProspectsFresh } from '../../../../src/main/api/woodpecker-v1/fresh-read';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 2_500, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const client = () =>
  new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
    testHttp().options,
  );
const all = () => [...sandbox.state.prospects().values()];
const gets = () => sandbox.log.filter((e) => e.method === 'GET');

describe('readProspectsFresh', () => {
  it('reads a few ids one request each and reports the ones that do not exist', async () => {
    const [a, b] = all();
    const result = await readProspectsFresh(client(), { ids: [a!.id, b!.id, 999_999_999] });
    expect(result.strategy).toBe('by-id');
    expect(result.requests).toBe(4); // count + 3 reads: cheaper than 3 list pages
    expect(gets()).toHaveLength(4);
    expect([...result.found.keys()]).toEqual([String(a!.id), String(b!.id)]);
    expect(result.found.get(String(a!.id))?.prospect.email).toBe(a!.email);
    expect(result.missing).toEqual(['999999999']);
  });

  it('lists the account when that is cheaper, keeping the objects exactly as sent', async () => {
    const ids = all()
      .slice(0, 10)
      .map((p) => p.id);
    const result = await readProspectsFresh(client(), { ids });
    expect(result.strategy).toBe('full-list');
    expect(result.requests).toBe(1 + 3); // count + ceil(2,500 / 1,000) pages
    expect(result.found.size).toBe(10);
    const raw = result.found.get(String(ids[0]))!.raw;
    // `last replied` (with a space) is a wire-only key: the raw copy keeps it.
    expect(Object.keys(raw)).toContain('last replied');
    expect(result.missing).toEqual([]);
  });

  it('finds emails case-insensitively with one pass over the account', async () => {
    const [a] = all();
    const result = await readProspectsFresh(client(), {
      emails: [` ${a!.email.toUpperCase()} `, 'nobody@example.invalid'],
    });
    expect(result.strategy).toBe('full-list');
    expect(result.requests).toBe(3);
    expect(result.found.get(a!.email.toLowerCase())?.prospect.id).toBe(a!.id);
    expect(result.missing).toEqual(['nobody@example.invalid']);
  });

  it('fails when a page cannot be read instead of reporting prospects as missing', async () => {
    sandbox.faults.add({
      match: { method: 'GET' },
      fault: { kind: 'malformed-json' },
      times: 10,
    });
    const error = await rejectionOf(readProspectsFresh(client(), { emails: ['x@example.com'] }));
    expect(error).toBeInstanceOf(Error);
  });
});
