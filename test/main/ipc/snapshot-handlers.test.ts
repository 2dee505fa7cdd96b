import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreparedDelete } from '../../../src/shared/delete';
import type { Prospect } from '../../../src/shared/prospect';
import type { CampaignMembershipInfo, SnapshotMeta } from '../../../src/shared/snapshot';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { invokeOk, jobResult, startSandboxApp } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
let sandbox: Sandbox;
let connectionId: string;
beforeEach(async () => {
  ({ app, sandbox, connectionId } = await startSandboxApp({
    prospects: 2_300,
    companies: [],
    leads: 0,
  }));
});
afterEach(async () => app.close());

type Info = {
  meta: SnapshotMeta | null;
  pending: unknown;
  campaigns: CampaignMembershipInfo | null;
};
type Window = { meta: SnapshotMeta; total: number; rows: Prospect[] };

describe('snapshots over IPC', () => {
  it('syncs as a job, reports its age, answers windows and filters, and exports', async () => {
    expect(await invokeOk<Info>(app, 'snapshot:info', { connectionId })).toEqual({
      meta: null,
      pending: null,
      campaigns: null,
    });
    const missing = await app.services.router.invoke('snapshot:query', {
      connectionId,
      filter: {},
      offset: 0,
      limit: 10,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const synced = await jobResult<{ requests: number; mode: string }>(app, 'snapshot:sync', {
      connectionId,
      mode: 'incremental',
    });
    expect(synced).toMatchObject({ mode: 'full', requests: 3 });
    const info = await invokeOk<Info>(app, 'snapshot:info', { connectionId });
    expect(info.meta).toMatchObject({ count: 2_300, deletionsVisible: true });
    expect(Date.parse(info.meta!.fullSyncAt)).toBeGreaterThan(Date.now() - 60_000);

    const window = await invokeOk<Window>(app, 'snapshot:query', {
      connectionId,
      filter: {},
      offset: 2_290,
      limit: 1_000,
    });
    expect(window.total).toBe(2_300);
    expect(window.rows).toHaveLength(10);
    const bounced = [...sandbox.state.prospects().values()].filter((p) => p.status === 'BOUNCED');
    const filtered = await invokeOk<Window>(app, 'snapshot:query', {
      connectionId,
      filter: { status: 'BOUNCED' },
      offset: 0,
      limit: 1_000,
    });
    expect(filtered.total).toBe(bounced.length);
    expect(filtered.rows.every((p) => p.status === 'BOUNCED')).toBe(true);

    const exported = await jobResult<{ prospects: number; path: string }>(app, 'snapshot:export', {
      connectionId,
      filter: { status: 'BOUNCED' },
      format: 'json',
    });
    expect(exported.prospects).toBe(bounced.length);
    const json = JSON.parse(await readFile(exported.path, 'utf8')) as Prospect[];
    expect(json.map((p) => p.id).sort()).toEqual(bounced.map((p) => p.id).sort());
  });

  it('loads campaign membership as a job (four listings by interest level) and filters the grid and export by campaign', async () => {
    await jobResult(app, 'snapshot:sync', { connectionId, mode: 'full' });
    const noneYet = await app.services.router.invoke('snapshot:query', {
      connectionId,
      filter: { campaignId: 1 },
      offset: 0,
      limit: 10,
    });
    expect(noneYet).toMatchObject({ ok: false, error: { code: 'validation' } });

    const before = sandbox.log.length;
    const loaded = await jobResult<CampaignMembershipInfo>(app, 'snapshot:sync-campaigns', {
      connectionId,
    });
    const lists = sandbox.log.slice(before);
    expect(new Set(lists.map((e) => e.query.interested))).toEqual(
      new Set(['INTERESTED', 'MAYBE-LATER', 'NOT-INTERESTED', 'NOT-MARKED']),
    );
    // Every membership the account has, per campaign.
    const members = new Map<number, number[]>();
    for (const p of sandbox.state.prospects().values()) {
      for (const campaign of sandbox.state.hidden(p.id)!.campaigns) {
        members.set(campaign, [...(members.get(campaign) ?? []), p.id]);
      }
    }
    expect(loaded.campaigns).toEqual(
      [...members].map(([id, ids]) => ({ id, prospects: ids.length })).sort((a, b) => a.id - b.id),
    );
    const info = await invokeOk<Info>(app, 'snapshot:info', { connectionId });
    expect(info.campaigns).toEqual(loaded);

    const [campaign, ids] = [...members][0]!;
    const picked = await invokeOk<Window>(app, 'snapshot:query', {
      connectionId,
      filter: { campaignId: campaign, status: 'ACTIVE' },
      offset: 0,
      limit: 1_000,
    });
    const active = ids.filter((id) => sandbox.state.prospects().get(id)!.status === 'ACTIVE');
    expect(picked.total).toBe(active.length);
    expect(picked.rows.map((p) => p.id)).toEqual(active.slice(0, 1_000));

    const exported = await jobResult<{ prospects: number; path: string }>(app, 'snapshot:export', {
      connectionId,
      filter: { campaignId: campaign },
      format: 'json',
    });
    expect(exported.prospects).toBe(ids.length);
    const json = JSON.parse(await readFile(exported.path, 'utf8')) as Prospect[];
    expect(json.map((p) => p.id)).toEqual(ids);
  });

  it('a snapshot filter picks delete targets, which are then read fresh for the backup', async () => {
    await jobResult(app, 'snapshot:sync', { connectionId, mode: 'full' });
    const bounced = [...sandbox.state.prospects().values()].filter((p) => p.status === 'BOUNCED');
    expect(bounced.length).toBeGreaterThan(0);
    const before = sandbox.log.length;
    const prepared = await jobResult<PreparedDelete>(app, 'delete:backup', {
      connectionId,
      source: { kind: 'snapshot', filter: { status: 'BOUNCED' } },
    });
    expect(prepared.ids.sort()).toEqual(bounced.map((p) => String(p.id)).sort());
    // The backup came from the API, not the snapshot.
    expect(sandbox.log.slice(before).filter((e) => e.method === 'GET').length).toBeGreaterThan(0);
  });
});
