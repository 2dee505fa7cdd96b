import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/shared/history';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { invokeOk, jobResult, startSandboxApp } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
let sandbox: Sandbox;
let connectionId: string;
beforeEach(async () => {
  ({ app, sandbox, connectionId } = await startSandboxApp({
    prospects: 10,
    companies: [{ id: 101, name: 'Acme Outreach', prospects: 30 }],
    leads: 12,
  }));
});
afterEach(async () => app.close());

const job = <T>(channel: string, input: unknown) => jobResult<T>(app, channel, input);

const history = async () =>
  (await invokeOk<{ entries: HistoryEntry[] }>(app, 'history:list')).entries;

describe('agency and Leads deletes over IPC (Sandbox connection)', () => {
  it('backs up a client company, refuses a wrong name, then deletes ALL once', async () => {
    const prepared = await job<{ runId: string; count: number; companyName: string }>(
      'agency-delete:backup',
      { connectionId, companyId: 101 },
    );
    expect(prepared).toMatchObject({ count: 30, companyName: 'Acme Outreach' });
    const wrong = await job<{ state: string }>('agency-delete:execute', {
      connectionId,
      companyId: 101,
      runId: prepared.runId,
      typedName: 'Acme',
    }).catch((error: Error) => error);
    expect(wrong).toBeInstanceOf(Error);
    expect(sandbox.state.deletionRequests()).toHaveLength(0);

    const result = await job<{ state: string; deleted: number; acceptedCount: number }>(
      'agency-delete:execute',
      { connectionId, companyId: 101, runId: prepared.runId, typedName: 'Acme Outreach' },
    );
    expect(result).toMatchObject({ state: 'finished', acceptedCount: 30 });
    expect(sandbox.state.deletionRequests()).toEqual([
      expect.objectContaining({ companyId: 101, count: 30 }),
    ]);
    expect((await history())[0]).toMatchObject({
      kind: 'agency-delete',
      state: 'succeeded',
      connection: { companyId: 101 },
    });
  });

  it('archives leads after backing them up, then restores them', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 3);
    const before = ids.map((id) => sandbox.state.leads().get(id)!.status);
    const prepared = await job<{ runId: string; total: number }>('leads-delete:backup', {
      connectionId,
      target: { ids },
    });
    expect(prepared.total).toBe(3);
    const wrongCount = job('leads-delete:execute', {
      connectionId,
      runId: prepared.runId,
      action: 'archive',
      confirmCount: 2,
    });
    await expect(wrongCount).rejects.toThrow(/Type the number of leads \(3\)/);
    expect(ids.map((id) => sandbox.state.leads().get(id)!.status)).toEqual(before);
    const archived = await job<{ done: number }>('leads-delete:execute', {
      connectionId,
      runId: prepared.runId,
      action: 'archive',
      confirmCount: 3,
      reason: 'Lost to a competitor',
    });
    expect(archived.done).toBe(3);
    expect(ids.map((id) => sandbox.state.leads().get(id)!.status)).toEqual([
      'lost',
      'lost',
      'lost',
    ]);

    const restored = await job<{ restored: number }>('leads-delete:restore', {
      connectionId,
      runId: prepared.runId,
    });
    expect(restored.restored).toBe(3);
    expect(ids.map((id) => sandbox.state.leads().get(id)!.status)).toEqual(before);
    expect((await history()).map((e) => e.kind)).toEqual(['restore', 'leads-archive']);
    const runs = await invokeOk<{ runs: { runId: string; action?: string }[] }>(app, 'delete:runs');
    expect(runs.runs.find((r) => r.runId === prepared.runId)?.action).toBe('archive');
  });
});
