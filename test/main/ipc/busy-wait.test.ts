import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src/shared/jobs';
import type { Sandbox } from '../../../src/main/sandbox/types';
import {
  finalEvent,
  invokeOk,
  jobResult,
  startAppUnderTest,
  startSandboxApp,
} from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

/**
 * Rate-limit storms through the app as the renderer drives it: the Settings
 * value, the job's progress while it waits, Cancel during a wait. Real
 * sleeps, so the storms use Retry-After: 0, and the waits we cancel are long.
 */

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const busyGet = (retryAfter: string, times = 1) => ({
  match: { method: 'GET' },
  fault: {
    kind: 'status' as const,
    status: 409,
    vendorCode: 'E_TOO_MANY_REQUESTS',
    retryAfter,
  },
  times,
});

/** Resolves with the first progress event of `jobId` that `test` accepts. */
function eventOf(
  target: AppUnderTest,
  jobId: string,
  test: (p: JobProgress) => boolean,
): Promise<JobProgress> {
  return new Promise((resolve) => {
    const check = () => {
      const hit = target.progress.find((p) => p.jobId === jobId && test(p));
      if (hit) resolve(hit);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('Settings: "Wait up to N minutes when the service is busy"', () => {
  it('defaults to 10, saves a valid value that outlives a restart, refuses bad ones', async () => {
    app = await startAppUnderTest();
    expect(await invokeOk(app, 'settings:get')).toEqual({ maxBusyWaitMinutes: 10 });
    expect(await invokeOk(app, 'settings:save', { maxBusyWaitMinutes: 25 })).toEqual({
      maxBusyWaitMinutes: 25,
    });
    for (const bad of [0, 121, 2.5, '5', null]) {
      const result = await app.services.router.invoke('settings:save', { maxBusyWaitMinutes: bad });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    const extra = await app.services.router.invoke('settings:save', {
      maxBusyWaitMinutes: 5,
      other: 1,
    });
    expect(extra.ok).toBe(false);
    const dataDir = app.dataDir;
    await app.services.dispose();
    const again = await startAppUnderTest({ dataDir });
    try {
      expect(await invokeOk(again, 'settings:get')).toEqual({ maxBusyWaitMinutes: 25 });
    } finally {
      await again.close();
    }
  });
});

describe('a job while the service is busy', () => {
  let sandbox: Sandbox;
  let connectionId: string;
  const start = async () => {
    ({ app, sandbox, connectionId } = await startSandboxApp({
      prospects: 120,
      companies: [],
      leads: 30,
    }));
    return app;
  };

  it('rides out a storm of 60 × 409 without a re-run', async () => {
    const target = await start();
    sandbox.faults.add(busyGet('0', 60));
    const result = await jobResult<{ prospects: number }>(target, 'account:export', {
      connectionId,
      format: 'json',
    });
    expect(result.prospects).toBe(120);
    expect(sandbox.log.filter((e) => e.status === 409)).toHaveLength(60);
  });

  it('says it waits, and Cancel ends the wait at once: nothing more is sent', async () => {
    const target = await start();
    sandbox.faults.add(busyGet('300'));
    const { jobId } = await invokeOk<{ jobId: string }>(target, 'account:export', {
      connectionId,
      format: 'csv',
    });
    const waiting = await eventOf(target, jobId, (p) => p.message.includes('asks us to wait'));
    expect(waiting.message).toMatch(/^Woodpecker asks us to wait, retrying in (5 min|4 min 59 s)$/);
    const sent = sandbox.log.length;
    expect(await invokeOk(target, 'jobs:cancel', { jobId })).toEqual({ cancelled: true });
    // A 5-minute wait: this only returns in time if Cancel ended it.
    expect(await finalEvent(target, jobId)).toMatchObject({ state: 'cancelled' });
    expect(sandbox.log.length).toBe(sent);
  });

  it('fails at once when the service asks for longer than Settings allows', async () => {
    const target = await start();
    await invokeOk(target, 'settings:save', { maxBusyWaitMinutes: 1 });
    sandbox.faults.add(busyGet('120'));
    const { jobId } = await invokeOk<{ jobId: string }>(target, 'account:export', {
      connectionId,
      format: 'csv',
    });
    const final = await finalEvent(target, jobId);
    expect(final.state).toBe('failed');
    expect(final.error).toMatchObject({ code: 'rate_limited' });
    expect(final.error?.message).toBe(
      'Woodpecker is busy (E_TOO_MANY_REQUESTS) and asked us to wait 2 min before trying again, more than the 1 min we may wait for one request. Try again later, or allow a longer wait in Settings ("Wait up to this many minutes when the service is busy").',
    );
  });

  it('deletes leads through a storm of 60 × 429 with every lead done', async () => {
    const target = await start();
    const ids = [...sandbox.state.leads().keys()].slice(0, 4);
    const prepared = await jobResult<{ runId: string; total: number }>(
      target,
      'leads-delete:backup',
      { connectionId, target: { ids } },
    );
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      times: 60,
    });
    const result = await jobResult<{ done: number; failed: number; state: string }>(
      target,
      'leads-delete:execute',
      { connectionId, runId: prepared.runId, action: 'delete', confirmCount: 4 },
    );
    expect(result).toMatchObject({ state: 'finished', done: 4, failed: 0 });
    for (const id of ids) expect(sandbox.state.leads().has(id)).toBe(false);
  });
});
