import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/main/api/http/api-error';
import { readJournal } from '../../../src/main/backup/journal';
import { runPaths } from '../../../src/main/delete/run-files';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { rejectionOf } from '../api/support';
import { CONNECTION, deletes, liveIds, v1Client } from './v1-delete-fixtures';

// Issue "Never wrong under faults, races and bad input", item 2: a campaign
// removal (`campaigns_id`, woodpecker-v1-delete-prospects.txt) leaves the
// prospects in the account, so a lost answer is reconciled by reading their
// membership (`interested=` rows carry `campaign_id`,
// woodpecker-v1-list-prospects.txt), never by presence; prospects in none of
// the campaigns are reported as such, never counted as removed. Over real
// HTTP against the sandbox, which keeps each prospect's campaigns.

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 3_000, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const campaignsOf = (id: number) => sandbox.state.hidden(id)!.campaigns;
const members = (campaign: number) =>
  liveIds(sandbox).filter((id) => campaignsOf(id).includes(campaign));
const outsiders = (campaign: number) =>
  liveIds(sandbox).filter((id) => !campaignsOf(id).includes(campaign));

const prepare = (ids: number[], campaignIds: number[]) =>
  prepareProspectDelete({
    dir,
    runId: 'run-1',
    connection: CONNECTION,
    client: v1Client(sandbox),
    targets: { ids },
    campaignIds,
  });

const execute = (confirmCount: number, timeoutMs?: number) =>
  executeProspectDelete({
    dir,
    runId: 'run-1',
    connectionId: CONNECTION.id,
    client: v1Client(sandbox, timeoutMs ? { timeoutMs } : {}),
    confirmCount,
  });

describe('campaign removal', () => {
  it('a lost answer after the removal was applied is reconciled by membership, never sent again', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const targets = members(campaign).slice(0, 800); // 3 requests
    await prepare(targets, [campaign]);
    // Every DELETE is applied, then its answer lost.
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' }, times: 10 });
    const result = await execute(800);
    expect(result).toMatchObject({ state: 'finished', deleted: 800, unknown: 0, failed: 0 });
    expect(result.batches.every((b) => b.sends === 1)).toBe(true);
    // One DELETE per batch, each applied once: the membership read found them removed.
    expect(deletes(sandbox)).toHaveLength(result.batches.length);
    expect(deletes(sandbox).every((e) => e.applied)).toBe(true);
    // The reconciling reads were membership reads (`interested=`), not presence.
    const reads = sandbox.log.filter((e) => e.method === 'GET' && e.query.interested);
    expect(reads.length).toBeGreaterThan(0);
    // Removed from the campaign, still in the account.
    expect(targets.every((id) => sandbox.state.prospects().has(id))).toBe(true);
    expect(targets.some((id) => campaignsOf(id).includes(campaign))).toBe(false);
  });

  it('a removal that never reached the account is sent again once', async () => {
    const campaign = sandbox.state.campaigns()[1]!;
    const targets = members(campaign).slice(0, 10);
    await prepare(targets, [campaign]);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'hang' } });
    const result = await execute(10, 200);
    expect(result).toMatchObject({ state: 'finished', deleted: 10 });
    expect(result.batches[0]!.sends).toBe(2);
    expect(deletes(sandbox).filter((e) => e.applied)).toHaveLength(1);
    expect(targets.some((id) => campaignsOf(id).includes(campaign))).toBe(false);
  });

  it('a membership read that fails after a lost answer stops the run; the resume reconciles without sending again', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const targets = members(campaign).slice(0, 10);
    await prepare(targets, [campaign]);
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    // The drift check's count passes; every read after the lost answer fails.
    sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'latency', ms: 0 } });
    sandbox.faults.add({
      match: { method: 'GET' },
      fault: { kind: 'status', status: 500 },
      times: 50,
    });
    expect(await rejectionOf(execute(10))).toBeInstanceOf(ApiError);
    const journal = await readJournal(runPaths(dir, 'run-1').journal);
    expect(journal.entries.map((e) => e.type)).toEqual(['intent', 'sent']);
    sandbox.faults.clear();
    const resumed = await execute(10);
    expect(resumed).toMatchObject({ state: 'finished', deleted: 10 });
    expect(deletes(sandbox)).toHaveLength(1);
  });

  it('prospects in none of the campaigns are backed up, never sent, and reported as such', async () => {
    const [first, second] = sandbox.state.campaigns();
    const inFirst = members(first!).slice(0, 6);
    const inSecondOnly = members(second!)
      .filter((id) => !campaignsOf(id).includes(first!))
      .slice(0, 2);
    const inNone = liveIds(sandbox)
      .filter((id) => campaignsOf(id).length === 0)
      .slice(0, 3);
    const elsewhere = outsiders(first!)
      .filter((id) => campaignsOf(id).length > 0 && !campaignsOf(id).includes(second!))
      .slice(0, 2);
    const targets = [...inFirst, ...inSecondOnly, ...inNone, ...elsewhere, 999_999_999];
    const membership = new Map(
      targets.map((id) => [id, [...(sandbox.state.hidden(id)?.campaigns ?? [])]]),
    );

    const prepared = await prepare(targets, [first!, second!]);
    const expectedOutside = [...inNone, ...elsewhere].map(String).sort();
    expect([...prepared.plan.notInCampaigns!].sort()).toEqual(expectedOutside);
    expect(prepared.plan.ids).toHaveLength(13); // all found prospects are backed up
    expect(prepared.requests.reduce((n, r) => n + r.targets, 0)).toBe(8);

    const result = await execute(13);
    expect(result).toMatchObject({
      state: 'finished',
      targets: 14,
      backedUp: 13,
      deleted: 8,
      notInCampaigns: 5,
      notFound: 1,
      failed: 0,
      unknown: 0,
      pending: 0,
      campaignIds: [first, second],
    });
    const sent = deletes(sandbox).flatMap((e) => e.query.id!.split(','));
    expect(sent.sort()).toEqual([...inFirst, ...inSecondOnly].map(String).sort());
    for (const id of [...inNone, ...elsewhere]) expect(campaignsOf(id)).toEqual(membership.get(id));
    for (const id of [...inFirst, ...inSecondOnly]) {
      expect(campaignsOf(id)).toEqual(
        membership.get(id)!.filter((c) => c !== first && c !== second),
      );
    }
  });

  it('refuses before any backup when none of the prospects is in the campaigns', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const error = await rejectionOf(prepare(outsiders(campaign).slice(0, 4), [campaign]));
    expect(error).toMatchObject({ code: 'not_found' });
    expect((error as Error).message).toBe(
      `None of the 4 prospects found is in campaign ${campaign} of "Main account": nothing to remove.`,
    );
    expect(deletes(sandbox)).toHaveLength(0);
  });
});
