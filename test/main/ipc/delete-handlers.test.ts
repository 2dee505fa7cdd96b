import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeleteRunInfo, PreparedDelete } from '../../../src/shared/delete';
import type { HistoryEntry } from '../../../src/shared/history';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { invokeOk, jobResult, startSandboxApp } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
let sandbox: Sandbox;
let connectionId: string;
beforeEach(async () => {
  ({ app, sandbox, connectionId } = await startSandboxApp({
    prospects: 600,
    companies: [],
    leads: 0,
  }));
});
afterEach(async () => app.close());

const deletes = () => sandbox.log.filter((e) => e.method === 'DELETE');

const job = <T>(channel: string, input: unknown) => jobResult<T>(app, channel, input);

async function backup(ids: number[]): Promise<PreparedDelete> {
  return job<PreparedDelete>('delete:backup', { connectionId, source: { kind: 'ids', ids } });
}

describe('delete over IPC', () => {
  it('the delete handler refuses ids outside the run’s verified backup, sending nothing', async () => {
    const ids = [...sandbox.state.prospects().keys()].slice(0, 3);
    const prepared = await backup(ids);
    const other = String([...sandbox.state.prospects().keys()][10]);
    const refused = await app.services.router.invoke('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 3,
      ids: [...prepared.ids.slice(0, 2), other],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const wrongCount = await app.services.router.invoke('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 2,
      ids: prepared.ids,
    });
    expect(wrongCount).toMatchObject({ ok: false, error: { code: 'validation' } });
    const unknownRun = await app.services.router.invoke('delete:execute', {
      connectionId,
      runId: 'del-never-backed-up',
      confirmCount: 3,
      ids: prepared.ids,
    });
    expect(unknownRun).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(deletes()).toHaveLength(0);
  });

  it('backs up, shows the dry run, deletes, records history and restores', async () => {
    const ids = [...sandbox.state.prospects().keys()].slice(0, 400);
    const prepared = await backup([...ids, 77]);
    expect(prepared).toMatchObject({ targets: 401, backedUp: 400, notFoundCount: 1 });
    expect(prepared.requests).toHaveLength(2);
    expect(prepared.requests[0]!.url).toContain('/rest/v1/prospects?id=');

    const runsBefore = await invokeOk<{ runs: DeleteRunInfo[] }>(app, 'delete:runs');
    expect(runsBefore.runs).toMatchObject([{ runId: prepared.runId, status: 'backed-up' }]);

    const result = await job<Record<string, number>>('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 400,
      ids: prepared.ids,
    });
    expect(result).toMatchObject({ deleted: 400, failed: 0, unknown: 0, pending: 0 });
    expect(sandbox.state.prospects().size).toBe(200);
    const runs = await invokeOk<{ runs: DeleteRunInfo[] }>(app, 'delete:runs');
    expect(runs.runs[0]).toMatchObject({ status: 'finished', records: 400 });

    const restored = await job<Record<string, number>>('delete:restore', {
      connectionId,
      runId: prepared.runId,
    });
    expect(restored).toMatchObject({ restored: 400, failed: 0 });
    expect(sandbox.state.prospects().size).toBe(600);

    const { entries } = await invokeOk<{ entries: HistoryEntry[] }>(app, 'history:list');
    expect(entries.map((e) => [e.kind, e.state])).toEqual([
      ['restore', 'succeeded'],
      ['delete', 'succeeded'],
    ]);
    expect(entries[1]).toMatchObject({
      runId: prepared.runId,
      counts: { deleted: 400, notFound: 1 },
      backup: prepared.backup.manifest,
    });
  });

  it('a campaign removal reports the prospects in none of the campaigns in the confirmation, the result and the history', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const ids = [...sandbox.state.prospects().keys()];
    const inIt = ids.filter((id) => sandbox.state.hidden(id)!.campaigns.includes(campaign));
    const notInIt = ids.filter((id) => !sandbox.state.hidden(id)!.campaigns.includes(campaign));
    const targets = [...inIt.slice(0, 4), ...notInIt.slice(0, 3)];
    const prepared = await job<PreparedDelete>('delete:backup', {
      connectionId,
      source: { kind: 'ids', ids: targets },
      campaignIds: [campaign],
    });
    expect(prepared).toMatchObject({
      backedUp: 7,
      campaignIds: [campaign],
      notInCampaignsCount: 3,
    });
    expect([...prepared.notInCampaigns!].sort()).toEqual(notInIt.slice(0, 3).map(String).sort());
    expect(prepared.requests.reduce((n, r) => n + r.targets, 0)).toBe(4);

    // A lost answer after the removal was applied: reconciled, never sent again.
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    const result = await job<Record<string, unknown>>('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 7,
      ids: prepared.ids,
    });
    // What the app's result view gets (renderer job-results.ts deleteResultSchema).
    expect(result).toMatchObject({
      state: 'finished',
      deleted: 4,
      notInCampaigns: 3,
      campaignIds: [campaign],
      failed: 0,
      unknown: 0,
      pending: 0,
    });
    expect(deletes()).toHaveLength(1);
    expect(sandbox.state.prospects().size).toBe(600);
    const { entries } = await invokeOk<{ entries: HistoryEntry[] }>(app, 'history:list');
    expect(entries[0]).toMatchObject({
      kind: 'delete',
      state: 'succeeded',
      counts: { deleted: 4, notInCampaigns: 3 },
    });
  });

  it('resumes a run from an earlier session with the typed count and its verified backup', async () => {
    const ids = [...sandbox.state.prospects().keys()].slice(0, 5);
    const prepared = await backup(ids);
    const refused = await app.services.router.invoke('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 4,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    const result = await job<Record<string, number>>('delete:execute', {
      connectionId,
      runId: prepared.runId,
      confirmCount: 5,
    });
    expect(result).toMatchObject({ deleted: 5, pending: 0 });
  });
});
