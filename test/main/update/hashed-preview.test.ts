import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnAssignment } from '../../../src/shared/import/header-mapping';
import { RowStore } from '../../../src/shared/import/row-store';
import type { Prospect } from '../../../src/shared/prospect';
import { buildHashedPreview } from '../../../src/shared/update/hashed-preview';
import type { FingerprintedList } from '../../../src/shared/update/hashed-preview';
import { BLOCK_ROWS, buildListFingerprint } from '../../../src/shared/update/list-fingerprint';
import { buildPreview } from '../../../src/shared/update/list-preview-rows';
import type { PreviewListSource } from '../../../src/shared/update/list-preview-rows';
import type { PreviewRow, UpdatePreviewBuilder } from '../../../src/shared/update/update-preview';
import type { PlannedRow } from '../../../src/shared/update/update-types';
import { SnapshotBuilder } from '../../../src/main/snapshot/snapshot-builder';
import { SnapshotStore } from '../../../src/main/snapshot/snapshot-store';
import { openSnapshot } from '../../../src/main/snapshot/snapshot-view';
import type { SnapshotView } from '../../../src/main/snapshot/snapshot-view';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The app's preview compares fingerprints (hashed-preview.ts); the CLI's
 * diffs every row (diffRow). For any list and any account they must agree
 * on every row: kind, prospect, changes, flags, and what would be sent.
 */
const FIELDS = ['email', 'first_name', 'status', 'snippet1', 'tags', 'city'] as const;
const columns: ColumnAssignment[] = FIELDS.map((field, column) => ({
  column,
  header: field,
  field,
  confidence: 'exact',
}));
const detection = {
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  lineEnding: '\n',
  headerRow: 0,
} as const;

// Values that compare equal in several spellings, blanks, and invalid ones.
const cellValue = fc.constantFrom(
  '',
  ' ',
  'Ann',
  ' Ann ',
  'ann',
  'A<br/>B',
  'A\nB',
  'A\r\nB ',
  '<br>',
  'active',
  'BLACKLIST',
  'nonsense',
  '#vip',
  'vip, #new',
  'Zoë',
);
const storedValue = fc.option(
  fc.constantFrom('', '  ', 'Ann', 'ann', 'A<br/>B', 'A<BR>B', '<br/>', '#vip', 'Zoë', 'Paris'),
  { nil: undefined },
);
const emailCell = fc.constantFrom(
  'a@x.com',
  'A@X.com ',
  'b@x.com',
  'c@x.com',
  'e@x.com',
  '',
  'bad',
);
const listRow = fc.tuple(emailCell, cellValue, cellValue, cellValue, cellValue, cellValue);
const storedProspect = fc.record({
  email: fc.constantFrom('a@x.com', 'b@x.com', 'B@x.com', 'd@x.com', 'e@x.com'),
  first_name: storedValue,
  status: fc.constantFrom('ACTIVE', 'BLACKLIST', 'REPLIED', 'PAUSED'),
  snippet1: storedValue,
  tags: storedValue,
  city: storedValue,
});

/**
 * `readRows` over rows in memory (the app reads them from disk: SavedListRows),
 * as strict as the app's: rows strictly ascending.
 */
function readRowsFrom(store: RowStore): FingerprintedList['readRows'] {
  return async (sources) => {
    sources.forEach((source, k) => {
      if (k > 0 && !(source > sources[k - 1]!)) throw new RangeError('Rows must be ascending.');
    });
    const rows = Array.from(sources, (source) => store.rowBytes(source).slice());
    const starts = new Float64Array(rows.length + 1);
    rows.forEach((row, k) => (starts[k + 1] = starts[k]! + row.length));
    const bytes = new Uint8Array(starts[rows.length]!);
    rows.forEach((row, k) => bytes.set(row, starts[k]!));
    return { bytes, starts };
  };
}

let data: { dir: string; cleanup(): Promise<void> };
beforeAll(async () => {
  data = await makeTempDir();
});
afterAll(async () => data.cleanup());

async function snapshotOf(prospects: readonly Omit<Prospect, 'id'>[]): Promise<SnapshotView> {
  const builder = new SnapshotBuilder();
  const seen = new Set<string>();
  prospects.forEach((p, i) => {
    // Woodpecker keeps emails unique per account.
    if (seen.has(p.email.toLowerCase())) return;
    seen.add(p.email.toLowerCase());
    const prospect = Object.fromEntries(
      Object.entries({ ...p, id: 100 + i }).filter(([, v]) => v !== undefined),
    ) as unknown as Prospect;
    builder.append(prospect);
  });
  const store = new SnapshotStore(data.dir, { connectionId: 'eq' });
  const now = new Date().toISOString();
  await store.commit(
    {
      connectionId: 'eq',
      count: builder.length,
      fullSyncAt: now,
      syncedAt: now,
      complete: true,
      deletionsVisible: true,
      lastSync: { mode: 'full', startedAt: now, finishedAt: now, received: builder.length },
    },
    builder.columns(),
  );
  return (await openSnapshot(store))!;
}

async function everything(preview: UpdatePreviewBuilder) {
  return {
    summary: preview.summary(),
    rows: await preview.rowsAt(Array.from({ length: preview.size }, (_, i) => i)),
    planned: await preview.plannedRows(),
    skipped: preview.skippedOutcomes(),
  };
}

describe('the fingerprint preview', () => {
  it('agrees with diffing every row, for any list and account, blanks kept or cleared', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(listRow, { maxLength: 12 }),
        fc.array(storedProspect, { maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.nat(11), { maxLength: 2 }),
        async (rows, prospects, clearBlanks, droppedRows) => {
          const store = new RowStore();
          for (const row of rows) store.append(row);
          const source: PreviewListSource = {
            meta: { columns, detection, droppedRows },
            length: store.length,
            cells: (i) => store.get(i),
          };
          const view = await snapshotOf(prospects);
          const fingerprint = await buildListFingerprint(source);
          const hashed = await buildHashedPreview(
            { fingerprint, meta: source.meta, readRows: readRowsFrom(store) },
            view.fingerprints(),
            { clearBlanks },
          );
          const exact = await buildPreview(source, view.storedLookup, { clearBlanks });
          expect(await everything(hashed)).toEqual(await everything(exact));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees across blocks of the fingerprint too', async () => {
    const n = BLOCK_ROWS + 500;
    const store = new RowStore();
    for (let i = 0; i < n; i++) {
      store.append([
        `p${i}@x.com`,
        `Name ${i % 7}`,
        i % 5 === 0 ? 'blacklist' : '',
        `Hi ${i}`,
        '',
        '',
      ]);
    }
    const source: PreviewListSource = {
      meta: { columns, detection },
      length: store.length,
      cells: (i) => store.get(i),
    };
    // Every other person exists; every third of those with another name.
    const view = await snapshotOf(
      Array.from({ length: n / 2 }, (_, k) => ({
        email: `p${2 * k}@x.com`,
        status: 'ACTIVE',
        first_name: k % 3 === 0 ? 'Someone' : `Name ${(2 * k) % 7}`,
        snippet1: `Hi ${2 * k}`,
      })),
    );
    const fingerprint = await buildListFingerprint(source);
    expect(fingerprint.held.length).toBe(2);
    const hashed = await buildHashedPreview(
      { fingerprint, meta: source.meta, readRows: readRowsFrom(store) },
      view.fingerprints(),
      { clearBlanks: false },
    );
    const exact = await buildPreview(source, view.storedLookup, { clearBlanks: false });
    expect(hashed.summary()).toEqual(exact.summary());
    expect(hashed.summary().byKind.new).toBe(n / 2);
    const sample = [0, 1, 2, 3, BLOCK_ROWS - 1, BLOCK_ROWS, BLOCK_ROWS + 1, n - 1];
    expect(await hashed.rowsAt(sample)).toEqual(await exact.rowsAt(sample));
    // Asked twice in one window: read once, shown twice.
    const [first, again] = await hashed.rowsAt([1, 1]);
    expect(again).toEqual(first);
    const planned = await exact.plannedRows();
    expect(await hashed.plannedRows()).toEqual(planned);
    // The change preview file's pass: every row once, and the same plan met on the way.
    const seen: PreviewRow[] = [];
    const plannedOnTheWay: PlannedRow[] = [];
    for await (const window of hashed.windows(5_000)) {
      seen.push(...window.rows);
      plannedOnTheWay.push(...window.planned);
    }
    expect(seen.map((r) => r.index)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(seen.filter((r) => sample.includes(r.index))).toEqual(await exact.rowsAt(sample));
    expect(plannedOnTheWay).toEqual(planned);
  });
});
