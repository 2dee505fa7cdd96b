import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { openSnapshot } from '../../../src/main/snapshot/snapshot-view';
import type { SnapshotView } from '../../../src/main/snapshot/snapshot-view';
import { encodeRecord } from '../../../src/main/snapshot/record-codec';
import { SnapshotStore } from '../../../src/main/snapshot/snapshot-store';
import { syncSnapshot } from '../../../src/main/snapshot/sync-snapshot';
import type { Prospect } from '../../../src/shared/prospect';
import { rejectionOf, testHttp } from '../api/support';
import { listRequests, sandboxProspects, tempDataDir } from './support';

let sandbox: Sandbox;
let dataDir: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  sandbox = await startSandbox({
    prospects: 2_500,
    companies: [{ id: 7, name: 'Hooli', prospects: 30 }],
  });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  dataDir = await tempDataDir();
});
afterEach(async () => dataDir.cleanup());

const client = () =>
  new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
    testHttp().options,
  );
const store = () => new SnapshotStore(dataDir.dir, { connectionId: 'sandbox' });

async function open(s = store()): Promise<SnapshotView> {
  const view = await openSnapshot(s);
  if (!view) throw new Error('no snapshot');
  return view;
}

const all = (view: SnapshotView): Prospect[] => [...view];

describe('syncSnapshot full', () => {
  it('asks for the next page as soon as a page arrives, so the account never waits while we store it', async () => {
    const order: string[] = [];
    const c = client();
    const listPage = c.listPage.bind(c);
    c.listPage = (query, signal) => {
      order.push(`request ${query.page}`);
      return listPage(query, signal);
    };
    const s = store();
    const savePage = s.savePage.bind(s);
    s.savePage = (page, total, records) => {
      order.push(`store ${page}`);
      return savePage(page, total, records);
    };
    await syncSnapshot({ store: s, client: c, mode: 'full' });
    expect(order).toEqual([
      'request 1',
      'request 2',
      'store 1',
      'request 3',
      'store 2',
      'store 3', // page 3 is short of 1,000: the last, nothing more is asked for
    ]);
  });

  it('copies every prospect exactly, in ceil(n / 1000) requests', async () => {
    const progress: { fetched: number; total: number | null }[] = [];
    const result = await syncSnapshot({
      store: store(),
      client: client(),
      mode: 'full',
      onProgress: (p) =>
        p.phase === 'listing' && progress.push({ fetched: p.fetched, total: p.total }),
    });
    expect(result).toMatchObject({
      mode: 'full',
      requests: 3,
      received: 2_500,
      resumedFromPage: null,
    });
    expect(result.meta).toMatchObject({
      connectionId: 'sandbox',
      count: 2_500,
      complete: true,
      deletionsVisible: true,
    });
    expect(progress).toEqual([
      { fetched: 1_000, total: 2_500 },
      { fetched: 2_000, total: 2_500 },
      { fetched: 2_500, total: 2_500 },
    ]);
    expect(listRequests(sandbox).map((r) => r.page)).toEqual(['1', '2', '3']);
    const view = await open();
    expect(view.size).toBe(2_500);
    expect(all(view)).toEqual(sandboxProspects(sandbox));
  });

  it('stops on X-Total-Count: 2,000 prospects are exactly 2 requests', async () => {
    const small = await startSandbox({ prospects: 2_000, companies: [] });
    try {
      const c = new WoodpeckerV1Client({ baseUrl: small.url, apiKey: small.keys.woodpecker });
      const result = await syncSnapshot({ store: store(), client: c, mode: 'full' });
      expect(result.requests).toBe(2);
      expect(listRequests(small).map((r) => r.page)).toEqual(['1', '2']);
      expect((await open()).size).toBe(2_000);
    } finally {
      await small.close();
    }
  });

  it('sets syncedAt from the start of the sync minus the safety margin', async () => {
    const start = new Date('2026-01-10T12:00:00.000Z');
    const result = await syncSnapshot({
      store: store(),
      client: client(),
      mode: 'full',
      now: () => start,
      safetyMarginMs: 60_000,
    });
    expect(result.meta.syncedAt).toBe('2026-01-10T11:59:00.000Z');
    expect(result.meta.lastSync.startedAt).toBe(start.toISOString());
  });

  it('resumes a cancelled sync at the next page and ends equal', async () => {
    const controller = new AbortController();
    const error = await rejectionOf(
      syncSnapshot({
        store: store(),
        client: client(),
        mode: 'full',
        signal: controller.signal,
        onProgress: (p) => p.fetched === 1_000 && controller.abort(),
      }),
    );
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(await openSnapshot(store())).toBeNull();
    expect(await store().readPending()).toMatchObject({ pages: 1, fetched: 1_000, total: 2_500 });

    const before = listRequests(sandbox).length;
    const result = await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    expect(result).toMatchObject({ resumedFromPage: 2, requests: 2 });
    expect(
      listRequests(sandbox)
        .slice(before)
        .map((r) => r.page),
    ).toEqual(['2', '3']);
    expect(all(await open())).toEqual(sandboxProspects(sandbox));
    expect(await store().readPending()).toBeNull();
  });

  it('finishes without a request when a crash came after the last page was saved', async () => {
    const s = store();
    await s.beginPending(new Date().toISOString(), 1_000);
    for (let page = 1; page <= 3; page++) {
      const listed = await client().listPage({ page, per_page: 1_000 });
      await s.savePage(page, listed.total, listed.prospects.map(encodeRecord));
    }
    const before = listRequests(sandbox).length;
    const result = await syncSnapshot({ store: s, client: client(), mode: 'full' });
    expect(result).toMatchObject({ requests: 0, resumedFromPage: 4 });
    expect(listRequests(sandbox)).toHaveLength(before);
    expect(all(await open())).toEqual(sandboxProspects(sandbox));
  });

  it('starts over instead of resuming a sync older than maxResumeAgeMs', async () => {
    const s = store();
    await s.beginPending('2020-01-01T00:00:00.000Z', 1_000);
    const listed = await client().listPage({ page: 1, per_page: 1_000 });
    await s.savePage(1, listed.total, listed.prospects.map(encodeRecord));
    const before = listRequests(sandbox).length;
    const result = await syncSnapshot({ store: s, client: client(), mode: 'full' });
    expect(result.resumedFromPage).toBeNull();
    expect(
      listRequests(sandbox)
        .slice(before)
        .map((r) => r.page),
    ).toEqual(['1', '2', '3']);
    expect(Date.parse(result.meta.lastSync.startedAt)).toBeGreaterThan(Date.UTC(2026, 0, 1));
  });

  it('starts over when a saved page is damaged', async () => {
    const s = store();
    await s.beginPending(new Date().toISOString(), 1_000);
    const listed = await client().listPage({ page: 1, per_page: 1_000 });
    await s.savePage(1, listed.total, listed.prospects.map(encodeRecord));
    await s.savePage(2, listed.total, ['[1,"cut short']);
    const result = await syncSnapshot({ store: s, client: client(), mode: 'full' });
    expect(result.resumedFromPage).toBeNull();
    expect(all(await open())).toEqual(sandboxProspects(sandbox));
  });

  it('a resumed sync starts over when prospects were deleted meanwhile', async () => {
    const controller = new AbortController();
    await rejectionOf(
      syncSnapshot({
        store: store(),
        client: client(),
        mode: 'full',
        signal: controller.signal,
        onProgress: (p) => p.fetched === 1_000 && controller.abort(),
      }),
    );
    const victim = sandboxProspects(sandbox)[10]!;
    await client().deleteBatch([victim.id]);
    const before = listRequests(sandbox).length;
    await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    // Page 2 revealed the smaller total; pages 1–3 were read again.
    expect(
      listRequests(sandbox)
        .slice(before)
        .map((r) => r.page),
    ).toEqual(['2', '1', '2', '3']);
    const view = await open();
    expect(all(view)).toEqual(sandboxProspects(sandbox));
    expect(view.byEmail(victim.email)).toBeUndefined();
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const, 'server'],
    ['a malformed page', { kind: 'malformed-json' } as const, 'unexpected_response'],
  ])('%s fails the sync and keeps the previous snapshot', async (_name, fault, code) => {
    const first = await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    await client().updateProspects({
      prospects: [{ email: 'new.person@example.com', first_name: 'New' }],
      fileName: 'snapshot-test',
    });
    sandbox.faults.add({
      match: { method: 'GET', path: '/rest/v1/prospects' },
      fault,
      times: 20,
    });
    const error = await rejectionOf(
      syncSnapshot({ store: store(), client: client(), mode: 'full' }),
    );
    expect(error).toMatchObject({ code });
    const view = await open();
    expect(view.meta).toEqual(first.meta);
    expect(view.size).toBe(2_500);
    expect(view.byEmail('new.person@example.com')).toBeUndefined();
  });

  it('keeps agency client companies apart', async () => {
    const agency = new WoodpeckerV1Client({
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.agency,
      companyId: 7,
    });
    const companyStore = new SnapshotStore(dataDir.dir, { connectionId: 'sandbox', companyId: 7 });
    await syncSnapshot({ store: companyStore, client: agency, mode: 'full' });
    const view = await open(companyStore);
    expect(view.meta.companyId).toBe(7);
    expect(all(view)).toEqual(sandboxProspects(sandbox, 'company:7'));
    expect(await openSnapshot(store())).toBeNull();
  });
});

describe('syncSnapshot incremental', () => {
  it('picks up updates and additions with only the diff pages, upserting by id', async () => {
    await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    const target = sandboxProspects(sandbox)[42]!;
    await client().updateProspects({
      prospects: [
        { email: target.email, first_name: 'Renamed', status: 'BLACKLIST' },
        { email: 'Fresh.Person@Example.com', first_name: 'Fresh' },
      ],
      fileName: 'snapshot-test',
    });
    const before = listRequests(sandbox).length;
    const result = await syncSnapshot({ store: store(), client: client(), mode: 'incremental' });
    const requests = listRequests(sandbox).slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.diff).toBeDefined();
    expect(result).toMatchObject({ mode: 'incremental', requests: 1, received: 2 });
    expect(result.deletionsVisible).toBe(false);
    expect(result.meta).toMatchObject({ count: 2_501, deletionsVisible: false });

    const view = await open();
    expect(view.byEmail(target.email)).toMatchObject({
      id: target.id,
      first_name: 'Renamed',
      status: 'BLACKLIST',
    });
    expect(view.byEmail('fresh.person@example.com')?.first_name).toBe('Fresh');
    expect(all(view)).toEqual(sandboxProspects(sandbox));
  });

  it('does not see deletions made elsewhere, and says so', async () => {
    await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    const victim = sandboxProspects(sandbox)[0]!;
    await client().deleteBatch([victim.id]);
    const result = await syncSnapshot({ store: store(), client: client(), mode: 'incremental' });
    expect(result.meta.deletionsVisible).toBe(false);
    expect((await open()).byEmail(victim.email)?.id).toBe(victim.id);
    // Only a full resync shows the deletion.
    const full = await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    expect(full.meta.deletionsVisible).toBe(true);
    expect((await open()).byEmail(victim.email)).toBeUndefined();
  });

  it('falls back to a full sync when there is no snapshot yet', async () => {
    const result = await syncSnapshot({ store: store(), client: client(), mode: 'incremental' });
    expect(result).toMatchObject({ mode: 'full', requests: 3, deletionsVisible: true });
    expect(listRequests(sandbox).every((r) => r.diff === undefined)).toBe(true);
  });

  it('keeps the email index right when a prospect changes email', async () => {
    await syncSnapshot({ store: store(), client: client(), mode: 'full' });
    const target = sandboxProspects(sandbox)[5]!;
    const changed: Prospect = { ...target, email: 'Moved@Example.org' };
    // The v1 update identifies prospects by email, so the sandbox cannot rename
    // one: this client answers the diff with the renamed prospect instead.
    const renaming = {
      listPage: client().listPage.bind(client()),
      async *listAll() {
        yield [changed];
      },
    };
    await syncSnapshot({ store: store(), client: renaming, mode: 'incremental' });
    const view = await open();
    expect(view.byEmail(target.email)).toBeUndefined();
    expect(view.byEmail('moved@example.org')).toEqual(changed);
    expect(view.size).toBe(2_500);
  });

  it('refuses a second sync of the same target while one runs', async () => {
    const first = syncSnapshot({ store: store(), client: client(), mode: 'full' });
    const error = await rejectionOf(
      syncSnapshot({ store: store(), client: client(), mode: 'full' }),
    );
    expect(error).toMatchObject({ code: 'conflict' });
    await first;
  });
});
