import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { SnapshotBuilder } from '../../../src/main/snapshot/snapshot-builder';
import type { SnapshotMeta } from '../../../src/main/snapshot/snapshot-meta';
import { SnapshotStore } from '../../../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../../../src/main/snapshot/snapshot-view';
import type { SnapshotView } from '../../../src/main/snapshot/snapshot-view';
import { syncSnapshot } from '../../../src/main/snapshot/sync-snapshot';
import { readSnapshotFile, writeSnapshotFile } from '../../../src/main/snapshot/snapshot-file';
import { bytesOf, writeSectionFile } from '../../../src/main/store/section-file';
import type { Prospect } from '../../../src/shared/prospect';
import { rejectionOf } from '../api/support';
import { sandboxProspects, tempDataDir } from './support';

let sandbox: Sandbox;
let dataDir: { dir: string; cleanup: () => Promise<void> };
let view: SnapshotView;
let expected: Prospect[];
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_500, companies: [] });
  dataDir = await tempDataDir();
  const client = new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker });
  await syncSnapshot({ store: store(), client, mode: 'full' });
  view = (await openSnapshot(store()))!;
  expected = sandboxProspects(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  await dataDir.cleanup();
});

const store = () => new SnapshotStore(dataDir.dir, { connectionId: 'sandbox' });
const ids = (rows: Prospect[]) => rows.map((p) => p.id);

describe('SnapshotView', () => {
  it("gives the update preview every prospect's stored values, the same as the prospect objects", () => {
    const fields = ['email', 'first_name', 'status', 'tags', 'snippet1', 'snippet15'] as const;
    const find = view.storedLookup(fields);
    for (const p of expected.slice(0, 300)) {
      expect(find(p.email.toLowerCase())).toEqual({
        id: p.id,
        email: p.email,
        values: fields.map((f) => p[f] ?? ''),
      });
    }
    expect(find('nobody@nowhere.example')).toBeUndefined();
  });

  it('finds prospects by email in any case', () => {
    const sample = expected[700]!;
    expect(view.byEmail(sample.email.toUpperCase())).toEqual(sample);
    expect(view.byEmail(sample.email.toLowerCase())).toEqual(sample);
    expect(view.indexOfEmail(sample.email)).toBe(700);
    expect(view.byEmail('nobody@nowhere.invalid')).toBeUndefined();
  });

  it('gets rows by index and iterates in id order', () => {
    expect(view.size).toBe(1_500);
    expect(view.get(0)).toEqual(expected[0]);
    expect(view.idAt(1_499)).toBe(expected[1_499]!.id);
    expect(() => view.get(1_500)).toThrow(RangeError);
    expect(ids([...view])).toEqual(ids(expected));
  });

  it('windows an unfiltered query', () => {
    const page = view.query({ offset: 1_490, limit: 50 });
    expect(page.total).toBe(1_500);
    expect(page.rows).toEqual(expected.slice(1_490));
    expect(() => view.query({ offset: 0, limit: 1_001 })).toThrow(RangeError);
    expect(() => view.query({ offset: -1, limit: 10 })).toThrow(RangeError);
  });

  it('filters by status, contacted, tag and text, counting all matches', () => {
    const active = expected.filter((p) => p.status === 'ACTIVE');
    const q = view.query({ status: 'ACTIVE', offset: 10, limit: 20 });
    expect(q.total).toBe(active.length);
    expect(q.rows).toEqual(active.slice(10, 30));

    const contacted = expected.filter((p) => !!p.last_contacted);
    expect(view.query({ contacted: true, offset: 0, limit: 1 }).total).toBe(contacted.length);
    expect(view.query({ contacted: false, offset: 0, limit: 1 }).total).toBe(
      expected.length - contacted.length,
    );

    const tagged = expected.find((p) => (p.tags ?? '').trim() !== '')!;
    const tag = tagged.tags!.trim().split(/\s+/)[0]!;
    const withTag = expected.filter((p) => (p.tags ?? '').split(/\s+/).includes(tag));
    const byTag = view.query({ tag: tag.slice(1).toUpperCase(), offset: 0, limit: 1_000 });
    expect(ids(byTag.rows)).toEqual(ids(withTag).slice(0, 1_000));

    const company = expected[3]!.company!;
    const needle = company.slice(0, 5).toUpperCase();
    const both = expected.filter(
      (p) =>
        p.status === 'ACTIVE' &&
        Object.values(p).some((v) => typeof v === 'string' && v.toUpperCase().includes(needle)),
    );
    const byText = view.query({ text: needle, status: 'ACTIVE', offset: 0, limit: 1_000 });
    expect(byText.total).toBeGreaterThan(0);
    expect(ids(byText.rows)).toEqual(ids(both));
  });

  it('selects prospects not contacted since a date (never, or before it)', () => {
    const since = '2024-06-01T00:00:00Z';
    const cutoff = Date.parse(since);
    const wanted = expected.filter(
      (p) => !p.last_contacted || Date.parse(p.last_contacted) < cutoff,
    );
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(expected.length);
    const all = view.query({ notContactedSince: since, offset: 0, limit: 1_000 });
    expect(all.total).toBe(wanted.length);
    expect(ids(all.rows)).toEqual(ids(wanted).slice(0, 1_000));
    expect(() => view.query({ notContactedSince: 'last year', offset: 0, limit: 1 })).toThrow(
      RangeError,
    );
  });

  it('lists the ids a filter selects without a window', () => {
    expect(view.ids({})).toEqual(ids(expected));
    const bounced = expected.filter((p) => p.status === 'BOUNCED');
    expect(bounced.length).toBeGreaterThan(0);
    expect(view.ids({ status: 'BOUNCED' })).toEqual(ids(bounced));
  });

  it('survives a reopen from disk', async () => {
    const again = (await openSnapshot(store()))!;
    expect(again.meta).toEqual(view.meta);
    expect([...again]).toEqual(expected);
  });

  it('refuses a damaged file rather than loading part of it', async () => {
    const path = store().snapshotPath;
    const bytes = await readFile(path);
    const damagedStore = new SnapshotStore(dataDir.dir, { connectionId: 'damaged' });
    await mkdir(damagedStore.dir, { recursive: true });
    await writeFile(damagedStore.snapshotPath, bytes.subarray(0, bytes.length - 100));
    const error = await rejectionOf(openSnapshot(damagedStore));
    expect(String(error)).toMatch(/damaged/);
  });
});

describe('snapshot records', () => {
  it('keep absent, null, empty and unusual values apart', async () => {
    const odd: Prospect[] = [
      { id: 1, email: 'A@x.io', status: 'ACTIVE' },
      {
        id: 2,
        email: 'b@x.io',
        status: 'SOMETHING_NEW',
        first_name: '',
        company: 'Nul\u0000and "quotes" and ünïcödé 😀',
        organization_id: null,
        last_contacted: null,
        last_replied: '',
        updated: '2025-03-21T08:11:35+0100',
        encrypted: true,
        snippet_labels: { Intro: 'Hi' },
        snippet15: 'last',
      },
      { id: 3, email: 'c@x.io', status: 'REPLIED', organization_id: 5, tags: '#a #b' },
    ];
    const builder = new SnapshotBuilder();
    for (const p of odd) builder.append(p);
    const oddStore = new SnapshotStore(dataDir.dir, { connectionId: 'odd/one:here' });
    const meta: SnapshotMeta = {
      connectionId: 'odd/one:here',
      count: 3,
      fullSyncAt: '2026-01-01T00:00:00.000Z',
      syncedAt: '2026-01-01T00:00:00.000Z',
      complete: true,
      deletionsVisible: true,
      lastSync: {
        mode: 'full',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:00.000Z',
        received: 3,
      },
    };
    await oddStore.commit(meta, builder.columns());
    expect(oddStore.dir).toMatch(/snapshots[\\/]odd_one_here-[0-9a-f]{8}$/);
    const oddView = (await openSnapshot(oddStore))!;
    expect([...oddView]).toEqual(odd);
    expect(Object.keys(oddView.get(0))).toEqual(['id', 'email', 'status']);
    expect(oddView.byEmail('a@X.IO')?.id).toBe(1);
    expect(oddView.query({ status: 'SOMETHING_NEW', offset: 0, limit: 10 }).rows).toEqual([odd[1]]);
    expect(oddView.query({ tag: '#b', offset: 0, limit: 10 }).total).toBe(1);
    expect(await oddStore.readMeta()).toEqual(meta);
  });

  it('keeps field fingerprints through rows copied by a sync, and computes them for files older than them', async () => {
    const fresh = new SnapshotBuilder();
    for (const p of expected) fresh.append(p);
    const copied = new SnapshotBuilder();
    for (let i = 0; i < view.size; i++) copied.appendRaw(view.rawRow(i));
    const columns = fresh.columns();
    expect(copied.columns().hashes).toEqual(columns.hashes);

    const meta = (await store().readMeta())!;
    const current = `${dataDir.dir}/current.bin`;
    await writeSnapshotFile(current, meta, columns);
    // What version 1 wrote: no fingerprint sections.
    const old = `${dataDir.dir}/version-1.bin`;
    await writeSectionFile(
      old,
      'PDSNAP01',
      { version: 1, meta, count: columns.count, tags: columns.tags },
      [
        ['ids', [bytesOf(columns.ids)]],
        ['recordOffsets', [bytesOf(columns.recordOffsets)]],
        ['emailOffsets', [bytesOf(columns.emailOffsets)]],
        ['status', [columns.status]],
        ['flags', [columns.flags]],
        ['tagRefs', [bytesOf(columns.tagRefs)]],
        ['records', columns.records],
        ['emails', columns.emails],
      ],
    );
    const [now, before] = await Promise.all([readSnapshotFile(current), readSnapshotFile(old)]);
    expect(before.hashes).toEqual(now.hashes);
    expect(now.hashes.masks.length).toBe(expected.length);
  });
});
