import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BusyWaitNotice } from '../../../src/main/api/http/busy-wait';
import { LeadsClient } from '../../../src/main/api/leads/client';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { JobRunner } from '../../../src/main/jobs/job-runner';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import type { JobProgress } from '../../../src/shared/jobs';
import { testHttp } from '../api/support';

/**
 * A job's requests run under its busy-wait policy: the progress it streams
 * says when and why it waits, in words, and the Settings limit applies.
 * Real HTTP against the sandbox; waits recorded, not slept (testHttp).
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 30, companies: [], leads: 10 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

function runner(maxBusyWaitMs = 60_000) {
  const events: JobProgress[] = [];
  return {
    events,
    jobs: new JobRunner((p) => events.push(p), { maxBusyWaitMs: () => maxBusyWaitMs }),
  };
}

describe('JobRunner while a service is busy', () => {
  it("shows Woodpecker's waits in the job's progress, then the job's own message again", async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '12' },
      times: 2,
    });
    const { events, jobs } = runner();
    const client = new WoodpeckerV1Client(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
      testHttp().options,
    );
    const { done } = jobs.start('account-export', async ({ report }) => {
      report(0, 30, 'Counting prospects');
      const count = await client.countProspects();
      report(30, 30, 'Counted');
      return { count };
    });
    const final = await done;
    expect(final).toMatchObject({ state: 'succeeded', result: { count: 30 } });
    const messages = events.map((e) => e.message);
    expect(messages).toContain('Woodpecker asks us to wait, retrying in 12 s');
    expect(messages).toContain(
      'Woodpecker asks us to wait, retrying in 12 s (waited 12 s of up to 1 min)',
    );
    const waiting = events.find((e) => e.message.startsWith('Woodpecker asks'));
    // The bar keeps its counts while the message says why nothing moves.
    expect(waiting).toMatchObject({ done: 0, total: 30, state: 'running' });
    expect(messages.indexOf('Counted')).toBeGreaterThan(
      messages.indexOf('Woodpecker asks us to wait, retrying in 12 s'),
    );
  });

  it('says "The Leads API asks us to wait…" for the Leads API', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '3' } });
    const { events, jobs } = runner();
    const client = new LeadsClient(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.leads },
      testHttp().options,
    );
    const { done } = jobs.start('delete-backup', async () => ({
      leads: (await client.list({ limit: 5 })).leads.length,
    }));
    expect(await done).toMatchObject({ state: 'succeeded', result: { leads: 5 } });
    expect(events.map((e) => e.message)).toContain(
      'The Leads API asks us to wait, retrying in 3 s',
    );
  });

  it("applies the Settings limit to the job's requests and fails with the clear message", async () => {
    sandbox.faults.add({
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '20' },
      times: 10,
    });
    const { jobs } = runner(30_000);
    const { options, waits } = testHttp();
    const client = new WoodpeckerV1Client(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
      options,
    );
    const final = await jobs.start('account-export', async () => ({
      count: await client.countProspects(),
    })).done;
    expect(waits).toEqual([20_000]);
    expect(final.state).toBe('failed');
    expect(final.error?.code).toBe('rate_limited');
    expect(final.error?.message).toContain(
      'Woodpecker is busy (E_TOO_MANY_REQUESTS) and asked us to wait 20 s before trying again: with the 20 s already waited, that is more than the 30 s we may wait for one request.',
    );
    expect(final.error?.message).toMatch(/ Try again later\.$/);
  });

  it('hands each job its own signal and wait reporter', async () => {
    const { jobs } = runner();
    const seen: BusyWaitNotice[] = [];
    const { options } = testHttp({ busy: { onWait: (n) => seen.push(n) } });
    sandbox.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const client = new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, options);
    // A client's own onWait wins over the job's.
    await jobs.start('delete-backup', async () => ({ n: (await client.list()).leads.length })).done;
    expect(seen.map((n) => n.kind)).toEqual(['waiting', 'resumed']);
  });
});
