import type { Prospect } from '../../shared/prospect';
import type { ProspectPage, WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { MAX_PER_PAGE } from '../api/woodpecker-v1/list-query';
import { AppError } from '../app-error';
import { encodeRecord } from './record-codec';
import { SnapshotBuilder } from './snapshot-builder';
import type { LoadedSnapshot } from './snapshot-file';
import type { SnapshotMeta, SnapshotSyncMode } from './snapshot-meta';
import type { SnapshotStore } from './snapshot-store';
import { rawRowOf } from './snapshot-view';

/** Progress of a sync: `listing` after each page, `saving` while the file is written. */
export interface SnapshotSyncProgress {
  mode: SnapshotSyncMode;
  phase: 'listing' | 'saving';
  /** Prospects received so far (a resumed full sync counts the pages saved earlier). */
  fetched: number;
  /** X-Total-Count of the last page, when known. */
  total: number | null;
}

export interface SnapshotSyncResult {
  /** What actually ran: an incremental sync without a snapshot runs as full. */
  mode: SnapshotSyncMode;
  meta: SnapshotMeta;
  /** List requests made by this call. */
  requests: number;
  /** Prospects received by this call. */
  received: number;
  /**
   * When this call resumed an interrupted full sync: the page it resumed at
   * (pages before it were saved earlier; nothing may have been left to fetch).
   */
  resumedFromPage: number | null;
  /** False after an incremental sync: prospects deleted elsewhere are still in the snapshot. */
  deletionsVisible: boolean;
}

export interface SnapshotSyncInput {
  store: SnapshotStore;
  /** The connection's client (an agency client company's when the store has a companyId). */
  client: Pick<WoodpeckerV1Client, 'listPage' | 'listAll'>;
  mode: SnapshotSyncMode;
  signal?: AbortSignal;
  onProgress?: (progress: SnapshotSyncProgress) => void;
  now?: () => Date;
  /**
   * Subtracted from the sync's start to get the next `diff`: clocks of ours
   * and the vendor's differ, and refetching a few recent changes is cheap.
   * Default 10 minutes.
   */
  safetyMarginMs?: number;
  /** An interrupted full sync older than this starts over. Default 24 hours. */
  maxResumeAgeMs?: number;
}

const DEFAULT_MARGIN_MS = 10 * 60_000;
const DEFAULT_MAX_RESUME_AGE_MS = 24 * 3_600_000;

/**
 * Brings a snapshot up to date. `full` lists every prospect in sequential
 * pages of 1,000, saving each page as it arrives so an interrupted run
 * resumes at the next page; `incremental` lists only prospects updated since
 * `meta.syncedAt` (`diff`) and upserts them by id, which cannot see deletions
 * (notes/api-facts.md). Either way the complete snapshot is replaced only at
 * the end, and a failed read throws: it never yields an empty snapshot.
 */
export async function syncSnapshot(input: SnapshotSyncInput): Promise<SnapshotSyncResult> {
  return input.store.exclusive(async () => {
    if (input.mode === 'incremental') {
      const loaded = await input.store.load();
      if (loaded) return incrementalSync(input, loaded);
    }
    return fullSync(input);
  });
}

async function fullSync(input: SnapshotSyncInput): Promise<SnapshotSyncResult> {
  const { store, client, signal } = input;
  const now = input.now ?? (() => new Date());
  const perPage = MAX_PER_PAGE;
  let pending = await store.readPending();
  const maxAge = input.maxResumeAgeMs ?? DEFAULT_MAX_RESUME_AGE_MS;
  if (
    pending &&
    (pending.perPage !== perPage || !(now().getTime() - Date.parse(pending.startedAt) <= maxAge))
  ) {
    pending = null;
  }
  const start = async () => {
    const startedAt = now().toISOString();
    await store.beginPending(startedAt, perPage);
    return { startedAt, perPage, pages: 0, fetched: 0, total: null };
  };
  pending ??= await start();

  let pages = pending.pages;
  let fetched = pending.fetched;
  let total = pending.total;
  let resumedFromPage = pages > 0 ? pages + 1 : null;
  let requests = 0;
  let received = 0;
  const report = (phase: SnapshotSyncProgress['phase']) =>
    input.onProgress?.({ mode: 'full', phase, fetched, total });
  // Rows go straight into the builder; pages saved by an interrupted run are read back.
  let builder = new SnapshotBuilder();
  // Pages shift forward when prospects are added during the run: skip repeats.
  let seen = new Set<number>();
  const add = (prospect: Prospect, record?: string) => {
    if (seen.has(prospect.id)) return;
    seen.add(prospect.id);
    builder.append(prospect, record);
  };
  try {
    for (let p = 1; p <= pages; p++) {
      for (const prospect of (await store.readPage(p)).prospects) add(prospect);
    }
  } catch {
    // A damaged saved page only costs a fresh start.
    pending = await start();
    ({ pages, fetched, total } = pending);
    resumedFromPage = null;
    builder = new SnapshotBuilder();
    seen = new Set<number>();
  }
  // The last saved page may already have been the end (a crash before the commit).
  let done = pages > 0 && (fetched < pages * perPage || (total !== null && fetched >= total));
  // Page N + 1 is asked for as soon as page N has arrived, and page N is
  // stored while it is on its way: the account is never left idle while we
  // work (still one request at a time). Page N is written durably meanwhile
  // too; only an unbroken run of saved pages counts on resume, so order is kept.
  let saving: Promise<void> = Promise.resolve();
  let next: Promise<ProspectPage> | null = null;
  const fetchPage = (page: number) => {
    const request = client.listPage({ page, per_page: perPage }, signal);
    request.catch(() => undefined); // awaited below, or dropped on the way out
    return request;
  };
  try {
    while (!done) {
      if (signal?.aborted) throw cancelled();
      const page = await (next ?? fetchPage(pages + 1));
      next = null;
      requests++;
      received += page.prospects.length;
      if (resumedFromPage === pages + 1 && total !== null && (page.total ?? 0) < total) {
        // Prospects were deleted since the interrupted run: later pages have
        // shifted back by an unknown amount, so some rows would be skipped.
        pending = await start();
        ({ pages, fetched, total } = pending);
        resumedFromPage = null;
        builder = new SnapshotBuilder();
        seen = new Set<number>();
        continue;
      }
      // Same end rule as WoodpeckerV1Client.listAll: a short page, or the total reached.
      done =
        page.prospects.length < perPage ||
        (page.total !== null && fetched + page.prospects.length >= page.total);
      if (!done && !signal?.aborted) next = fetchPage(pages + 2);
      const records = page.prospects.map(encodeRecord);
      await saving;
      saving = store.savePage(pages + 1, page.total, records);
      page.prospects.forEach((prospect, i) => add(prospect, records[i]));
      pages++;
      fetched += page.prospects.length;
      total = page.total;
      report('listing');
    }
  } finally {
    // Never leave a write or a request running behind a failure (their own
    // errors are secondary).
    await saving.catch(() => undefined);
    await next?.catch(() => undefined);
  }
  await saving;

  report('saving');
  const finishedAt = now().toISOString();
  const meta: SnapshotMeta = {
    connectionId: store.target.connectionId,
    ...(store.target.companyId !== undefined && { companyId: store.target.companyId }),
    count: builder.length,
    fullSyncAt: finishedAt,
    syncedAt: minusMargin(pending.startedAt, input.safetyMarginMs),
    complete: true,
    deletionsVisible: true,
    lastSync: { mode: 'full', startedAt: pending.startedAt, finishedAt, received: fetched },
  };
  await store.commit(meta, builder.columns());
  await store.dropPending();
  return { mode: 'full', meta, requests, received, resumedFromPage, deletionsVisible: true };
}

async function incrementalSync(
  input: SnapshotSyncInput,
  loaded: LoadedSnapshot,
): Promise<SnapshotSyncResult> {
  const { store, client, signal } = input;
  const now = input.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const changed = new Map<number, Prospect>();
  let requests = 0;
  let total: number | null = null;
  const pages = client.listAll(
    { diff: new Date(loaded.meta.syncedAt) },
    {
      perPage: MAX_PER_PAGE,
      signal,
      onPage: (p) => {
        requests++;
        total = p.total;
        input.onProgress?.({ mode: 'incremental', phase: 'listing', fetched: p.fetched, total });
      },
    },
  );
  for await (const page of pages) {
    for (const prospect of page) changed.set(prospect.id, prospect);
  }
  if (signal?.aborted) throw cancelled();
  const received = changed.size;
  input.onProgress?.({ mode: 'incremental', phase: 'saving', fetched: received, total });

  const builder = mergeChanges(loaded, changed);
  const meta: SnapshotMeta = {
    ...loaded.meta,
    count: builder.length,
    syncedAt: minusMargin(startedAt, input.safetyMarginMs),
    deletionsVisible: false,
    lastSync: { mode: 'incremental', startedAt, finishedAt: now().toISOString(), received },
  };
  await store.commit(meta, builder.columns());
  return {
    mode: 'incremental',
    meta,
    requests,
    received,
    resumedFromPage: null,
    deletionsVisible: false,
  };
}

/**
 * The snapshot with `changed` upserted by id, in ascending id order: unchanged
 * rows are copied as bytes; a changed row is re-encoded with its new email,
 * so the email index built on open never points at an old address.
 */
function mergeChanges(loaded: LoadedSnapshot, changed: Map<number, Prospect>): SnapshotBuilder {
  const builder = new SnapshotBuilder();
  const known = new Set<number>();
  for (let i = 0; i < loaded.count; i++) {
    if (changed.has(loaded.ids[i]!)) known.add(loaded.ids[i]!);
  }
  const fresh = [...changed.values()].filter((p) => !known.has(p.id)).sort((a, b) => a.id - b.id);
  let next = 0;
  for (let i = 0; i < loaded.count; i++) {
    const id = loaded.ids[i]!;
    while (next < fresh.length && fresh[next]!.id < id) builder.append(fresh[next++]!);
    const update = changed.get(id);
    if (update) builder.append(update);
    else builder.appendRaw(rawRowOf(loaded, i));
  }
  while (next < fresh.length) builder.append(fresh[next++]!);
  return builder;
}

function minusMargin(iso: string, marginMs = DEFAULT_MARGIN_MS): string {
  return new Date(Date.parse(iso) - marginMs).toISOString();
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The sync was cancelled.');
}
