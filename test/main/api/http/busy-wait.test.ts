import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../../src/main/api/http/api-error';
import { realSleep } from '../../../../src/main/api/http/backoff';
import {
  describeBusyWait,
  formatWait,
  withBusyWaitPolicy,
} from '../../../../src/main/api/http/busy-wait';
import type { BusyWaitNotice } from '../../../../src/main/api/http/busy-wait';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox, SandboxFault } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

/**
 * Rate-limit storms are waited out (decision 009): over real HTTP against the
 * sandbox with scripted 409/429 answers. Waits are recorded by the injected
 * sleep (testHttp), never slept, except where a test needs a wait to cancel.
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 50, companies: [], leads: 20 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const BUSY_V1: SandboxFault = { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS' };
const busyV1 = (retryAfter?: string): SandboxFault =>
  retryAfter === undefined ? BUSY_V1 : { ...BUSY_V1, retryAfter };

const woodpecker = (options: HttpOptions) =>
  new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker }, options);
const leads = (options: HttpOptions) =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, options);
const requests = (method: string) => sandbox.log.filter((e) => e.method === method);
const firstProspect = () => [...sandbox.state.prospects().values()][0]!;

/** Records the notices a job's progress would get. */
function noticesOf(): { notices: BusyWaitNotice[]; onWait: (n: BusyWaitNotice) => void } {
  const notices: BusyWaitNotice[] = [];
  return { notices, onWait: (n) => notices.push(n) };
}

describe('a storm of busy answers', () => {
  it('is waited out: 60 × 409 E_TOO_MANY_REQUESTS on a read, Retry-After honoured', async () => {
    sandbox.faults.add({ match: { method: 'GET' }, fault: busyV1('1'), times: 60 });
    const { options, waits } = testHttp();
    expect(await woodpecker(options).countProspects()).toBe(50);
    expect(waits).toEqual(Array.from({ length: 60 }, () => 1000));
    expect(requests('GET').map((e) => e.status)).toEqual([...Array(60).fill(409), 200]);
  });

  it('is waited out for a write the server refused unprocessed: 60 × 409, then applied once', async () => {
    sandbox.faults.add({ match: { method: 'POST' }, fault: busyV1('0'), times: 60 });
    const { options } = testHttp();
    const result = await woodpecker(options).updateProspects({
      prospects: [{ email: firstProspect().email, snippet1: 'after the storm' }],
      fileName: 'busy-wait test',
    });
    expect(result.outcomes[0]?.ok).toBe(true);
    expect(requests('POST')).toHaveLength(61);
    expect(requests('POST').filter((e) => e.applied)).toHaveLength(1);
    expect(sandbox.state.prospects().get(firstProspect().id)?.snippet1).toBe('after the storm');
  });

  it('is waited out on the Leads API too: 60 × 429 on a DELETE (Retry-After: 0)', async () => {
    const [lead] = sandbox.state.leads().keys();
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      times: 60,
    });
    const { notices, onWait } = noticesOf();
    const { options } = testHttp({ busy: { onWait } });
    expect((await leads(options).delete(lead!)).id).toBe(lead);
    expect(sandbox.state.leads().has(lead!)).toBe(false);
    expect(notices[0]).toMatchObject({ kind: 'waiting', service: 'The Leads API' });
  });

  it('backs off exponentially with jitter, up to 15 s, when there is no Retry-After', async () => {
    sandbox.faults.add({ fault: busyV1(), times: 8 });
    const { options, waits } = testHttp({ random: () => 0.999 });
    expect(await woodpecker(options).countProspects()).toBe(50);
    // Full jitter just under min(15 s, 500 ms · 2^(n−1)): Woodpecker's own queue wait caps it.
    expect(waits).toEqual([499, 999, 1998, 3996, 7992, 14985, 14985, 14985]);
  });

  it('does not count busy answers against the attempts for other failures', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 500 }, times: 2 });
    sandbox.faults.add({ fault: busyV1('0'), times: 20 });
    const { options, attempts } = testHttp({ maxAttempts: 3 });
    expect(await woodpecker(options).countProspects()).toBe(50);
    expect(attempts).toHaveLength(23);
  });

  it('keeps one request in flight per account through a storm', async () => {
    const concurrent = await startSandbox({
      prospects: 20,
      companies: [],
      leads: 0,
      concurrency: 'reject',
      latencyMs: 5,
    });
    try {
      concurrent.faults.add({ fault: busyV1('0'), times: 30 });
      const { options } = testHttp();
      const clients = Array.from(
        { length: 3 },
        () =>
          new WoodpeckerV1Client(
            { baseUrl: concurrent.url, apiKey: concurrent.keys.woodpecker },
            options,
          ),
      );
      const counts = await Promise.all(clients.map((c) => c.countProspects()));
      expect(counts).toEqual([20, 20, 20]);
      expect(concurrent.maxInFlight('main')).toBe(1);
      expect(concurrent.log.filter((e) => e.status === 200)).toHaveLength(3);
    } finally {
      await concurrent.close();
    }
  });
});

describe('what the job hears while it waits', () => {
  it('tells each wait, in words, and when the request goes on', async () => {
    sandbox.faults.add({ fault: busyV1('12'), times: 2 });
    const { notices, onWait } = noticesOf();
    const { options } = testHttp({ busy: { onWait } });
    await woodpecker(options).countProspects();
    expect(notices.map((n) => n.kind)).toEqual(['waiting', 'waiting', 'resumed']);
    const [first, second] = notices;
    expect(first).toMatchObject({
      service: 'Woodpecker',
      waitMs: 12_000,
      waitedMs: 0,
      busyAnswers: 1,
      fromRetryAfter: true,
      maxTotalWaitMs: 600_000,
    });
    if (first?.kind !== 'waiting' || second?.kind !== 'waiting') throw new Error('not waits');
    expect(describeBusyWait(first)).toBe('Woodpecker asks us to wait, retrying in 12 s');
    expect(describeBusyWait(second, 5_000)).toBe(
      'Woodpecker asks us to wait, retrying in 5 s (waited 19 s of up to 10 min)',
    );
    expect(describeBusyWait(second, 0)).toBe(
      'Woodpecker asks us to wait, retrying now (waited 24 s of up to 10 min)',
    );
  });

  it('takes the policy of the job it runs in (withBusyWaitPolicy)', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '2' }, times: 1 });
    const { notices, onWait } = noticesOf();
    const { options } = testHttp();
    await withBusyWaitPolicy({ onWait, maxTotalWaitMs: 60_000 }, () =>
      leads(options).list({ limit: 1 }),
    );
    expect(notices[0]).toMatchObject({
      kind: 'waiting',
      service: 'The Leads API',
      waitMs: 2000,
      maxTotalWaitMs: 60_000,
    });
    expect(describeBusyWait(notices[0] as Extract<BusyWaitNotice, { kind: 'waiting' }>)).toMatch(
      /^The Leads API asks us to wait, retrying in 2 s$/,
    );
  });

  it('formats waits in whole seconds and minutes', () => {
    expect([0, 1, 999, 12_000, 60_000, 65_000, 600_000].map((ms) => formatWait(ms))).toEqual([
      '0 s',
      '1 s',
      '1 s',
      '12 s',
      '1 min',
      '1 min 5 s',
      '10 min',
    ]);
  });
});

describe('the total wait the user allows', () => {
  it('fails the request once another wait would pass it, saying what happened and what to do', async () => {
    sandbox.faults.add({ fault: busyV1('2'), times: 10 });
    const { options, waits } = testHttp({ busy: { maxTotalWaitMs: 5_000 } });
    const error = (await rejectionOf(woodpecker(options).countProspects())) as ApiError;
    expect(waits).toEqual([2000, 2000]);
    expect(error).toMatchObject({
      code: 'rate_limited',
      httpStatus: 409,
      vendorCode: 'E_TOO_MANY_REQUESTS',
      outcomeUnknown: false,
      details: { busyAnswers: 3, waitedMs: 4000 },
    });
    expect(error.message).toBe(
      'Woodpecker is busy (E_TOO_MANY_REQUESTS) and asked us to wait 2 s before trying again: with the 4 s already waited, that is more than the 5 s we may wait for one request. Try again later.',
    );
    expect(requests('GET')).toHaveLength(3);
  });

  it('says nothing was changed when the refused request was a write', async () => {
    sandbox.faults.add({ match: { method: 'POST' }, fault: busyV1(), times: 100 });
    const { options } = testHttp({
      busy: { maxTotalWaitMs: 60_000, howToWaitLonger: 'use --max-wait' },
    });
    const error = (await rejectionOf(
      woodpecker(options).updateProspects({
        prospects: [{ email: firstProspect().email, snippet1: 'never' }],
        fileName: 'busy-wait test',
      }),
    )) as ApiError;
    expect(error.code).toBe('rate_limited');
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toMatch(
      /^Woodpecker stayed busy \(E_TOO_MANY_REQUESTS\): it refused this request \d+ times in a row, and we waited \d+ s; waiting again would pass the 1 min we may wait for one request\. Nothing was changed: the service refused the request unprocessed\. Try again later, or use --max-wait\.$/,
    );
    expect(requests('POST').some((e) => e.applied)).toBe(false);
  });

  it('stops a server answering 429 with Retry-After: 0 forever, by the clock', async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      times: Infinity,
    });
    let clock = Date.UTC(2025, 2, 5, 12, 0, 0);
    const { options, waits } = testHttp({
      now: () => (clock += 1000),
      busy: { maxTotalWaitMs: 10_000 },
    });
    const error = (await rejectionOf(leads(options).list({ limit: 1 }))) as ApiError;
    expect(error).toMatchObject({ code: 'rate_limited', httpStatus: 429 });
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w === 0)).toBe(true);
    expect(requests('GET').length).toBeLessThan(20);
  });

  it('does not wait at all for a Retry-After beyond the limit', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '3600' } });
    const { options, waits } = testHttp();
    const error = (await rejectionOf(leads(options).list({ limit: 1 }))) as ApiError;
    expect(waits).toEqual([]);
    expect(error).toMatchObject({ code: 'rate_limited', retryAt: Date.UTC(2025, 2, 5, 13, 0, 0) });
    expect(error.message).toMatch(
      /^The Leads API is busy \(RATE_LIMITED\) and asked us to wait 60 min before trying again, more than the 10 min we may wait for one request\. Try again later\.$/,
    );
  });
});

describe('cancel during a wait', () => {
  it('ends the wait at once and sends nothing more', async () => {
    sandbox.faults.add({ fault: busyV1('300'), times: 5 });
    const controller = new AbortController();
    const { notices, onWait } = noticesOf();
    const options: HttpOptions = {
      sleep: realSleep,
      busy: {
        onWait: (n) => {
          onWait(n);
          if (n.kind === 'waiting') controller.abort();
        },
      },
    };
    const error = await rejectionOf(woodpecker(options).countProspects(controller.signal));
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(requests('GET')).toHaveLength(1);
    expect(notices.map((n) => n.kind)).toEqual(['waiting', 'resumed']);
  });

  it("ends a write's wait through the job's signal, though the write itself takes none", async () => {
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '300' },
    });
    const [lead] = sandbox.state.leads().keys();
    const job = new AbortController();
    const options: HttpOptions = { sleep: realSleep };
    const error = await rejectionOf(
      withBusyWaitPolicy(
        { signal: job.signal, onWait: (n) => n.kind === 'waiting' && job.abort() },
        () => leads(options).delete(lead!),
      ),
    );
    expect(error).toMatchObject({ code: 'cancelled', outcomeUnknown: false });
    expect(requests('DELETE')).toHaveLength(1);
    expect(sandbox.state.leads().has(lead!)).toBe(true);
  });
});

describe('a write whose outcome is unknown', () => {
  it.each(['reset-after', 'truncated-json'] as const)(
    'is never resent, busy storm or not (%s after 20 × 409)',
    async (kind) => {
      sandbox.faults.add({ match: { method: 'POST' }, fault: busyV1('0'), times: 20 });
      sandbox.faults.add({ match: { method: 'POST' }, fault: { kind } });
      const { options } = testHttp();
      const error = await rejectionOf(
        woodpecker(options).updateProspects({
          prospects: [{ email: firstProspect().email, snippet1: 'once' }],
          fileName: 'busy-wait test',
        }),
      );
      expect(error).toMatchObject({ outcomeUnknown: true });
      expect(requests('POST')).toHaveLength(21);
      expect(requests('POST').filter((e) => e.applied)).toHaveLength(1);
    },
  );

  it('is not resent after a 500, even with busy answers before it', async () => {
    const [lead] = sandbox.state.leads().keys();
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      times: 5,
    });
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 500 } });
    const { options } = testHttp();
    expect(await rejectionOf(leads(options).delete(lead!))).toMatchObject({
      code: 'server',
      outcomeUnknown: true,
    });
    expect(requests('DELETE')).toHaveLength(6);
  });
});
