import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox, SandboxOptions } from '../../../src/main/sandbox/types';
import { leads, until, woodpecker } from './sandbox-http';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ prospects: 10, leads: 3, ...options });
  return sandbox;
}

/** Holds the account's slot with a hung request until `release()`. */
async function holdSlot(sb: Sandbox, path = '/rest/v1/prospects', leadsApi = false) {
  const controller = new AbortController();
  sb.faults.add({ match: { path }, fault: { kind: 'hang' } });
  const request = (leadsApi ? leads : woodpecker)(sb, path, { signal: controller.signal }).catch(
    () => null,
  );
  await until(() => sb.log.some((e) => e.fault === 'hang'));
  return {
    release: async () => {
      controller.abort();
      await request;
    },
  };
}

const arrived = (sb: Sandbox, n: number) =>
  until(() => sb.log.filter((e) => e.account !== null).length >= n);

describe('per-account concurrency', () => {
  it('processes one request at a time: others wait in the queue, then succeed', async () => {
    const sb = await start();
    const held = await holdSlot(sb);
    const waiting = woodpecker(sb, '/rest/v1/prospects?per_page=1');
    await arrived(sb, 2);
    // The second request is not answered while the first holds the slot.
    expect(sb.log[1]?.status).toBeNull();
    await held.release();
    expect((await waiting).status).toBe(200);
    expect(sb.maxInFlight('main')).toBe(2);
  });

  it('queues at most 6 and refuses the next at once with 409 E_TOO_MANY_REQUESTS (v1)', async () => {
    const sb = await start();
    const held = await holdSlot(sb);
    const queued = Array.from({ length: 6 }, () => woodpecker(sb, '/rest/v1/prospects?per_page=1'));
    await arrived(sb, 7);
    const refused = await woodpecker(sb, '/rest/v1/prospects?per_page=1');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      status: {
        status: 'ERROR',
        code: 'E_TOO_MANY_REQUESTS',
        msg: 'Too many requests in one time',
      },
    });
    await held.release();
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
    expect(sb.maxInFlight('main')).toBe(8);
    expect(sb.maxInFlight()).toBe(8);
  });

  it('drops a request that waited longer than the queue timeout', async () => {
    const sb = await start({ queueTimeoutMs: 30 });
    const held = await holdSlot(sb);
    const waited = await woodpecker(sb, '/rest/v1/prospects');
    expect(waited.status).toBe(409);
    await held.release();
  });

  it('counts accounts separately: another account is not held up', async () => {
    const sb = await start();
    const held = await holdSlot(sb);
    const other = await woodpecker(sb, '/rest/v1/prospects', {
      key: sb.keys.agency,
      companyId: 101,
    });
    expect(other.status).toBe(200);
    expect(sb.maxInFlight('company:101')).toBe(1);
    await held.release();
  });

  it("'reject' mode answers 409 (v1) / 429 (Leads) whenever the account is busy", async () => {
    const sb = await start({ concurrency: 'reject' });
    const held = await holdSlot(sb);
    expect((await woodpecker(sb, '/rest/v1/prospects')).status).toBe(409);
    await held.release();
    expect((await woodpecker(sb, '/rest/v1/prospects')).status).toBe(200);

    const heldLeads = await holdSlot(sb, '/api/v1/leads', true);
    const refused = await leads(sb, '/api/v1/leads');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    await heldLeads.release();
  });

  it('reports maxInFlight 1 for a client that waits for each answer, and resets it', async () => {
    const sb = await start();
    for (let page = 1; page <= 3; page++) {
      expect((await woodpecker(sb, `/rest/v1/prospects?per_page=4&page=${page}`)).status).toBe(200);
    }
    expect(sb.maxInFlight('main')).toBe(1);
    const held = await holdSlot(sb);
    const queued = woodpecker(sb, '/rest/v1/prospects');
    await arrived(sb, 5);
    expect(sb.maxInFlight('main')).toBe(2);
    await held.release();
    await queued;
    sb.reset();
    expect(sb.maxInFlight('main')).toBe(0);
    expect(sb.maxInFlight('agency')).toBe(0);
  });
});
