import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountRef } from '../../shared/connections';
import type { Prospect } from '../../shared/prospect';
import type {
  CampaignMembershipInfo,
  PendingSnapshotSync,
  SnapshotFilter,
  SnapshotGridFilter,
  SnapshotMeta,
} from '../../shared/snapshot';
import { woodpeckerAccount } from '../connections/woodpecker-account';
import { AppError } from '../app-error';
import type { ConnectionsService } from '../connections/connections-service';
import { writeProspects } from '../jobs/export-account';
import type { ExportFormat } from '../jobs/export-account';
import { exportFileName } from '../lists/export-name';
import {
  fetchCampaignMembership,
  readCampaignMembership,
  writeCampaignMembership,
} from './campaign-membership';
import type { CampaignMembership } from './campaign-membership';
import { SnapshotStore } from './snapshot-store';
import { MAX_QUERY_LIMIT, openSnapshot } from './snapshot-view';
import type { SnapshotQuery, SnapshotView } from './snapshot-view';
import { syncSnapshot } from './sync-snapshot';
import type { SnapshotSyncResult } from './sync-snapshot';

type Progress = (done: number, total: number | null, message: string) => void;

/** How many open snapshots main keeps in memory (each is its file's size, outside the heap). */
const OPEN_VIEWS = 2;

/**
 * The app's snapshots: sync (full or incremental, resumable), what each one
 * holds and how old it is, windows for the grid (never the whole snapshot),
 * the ids a filter selects (for a delete), and exports. Views are cached and
 * dropped when a sync commits a new file.
 */
export class SnapshotService {
  private readonly views = new Map<string, Promise<SnapshotView | null>>();
  /** Loaded campaign membership per snapshot folder, and each campaign's rows in its view. */
  private readonly memberships = new Map<
    string,
    { membership: CampaignMembership | null; view?: SnapshotView; rows: Map<number, Uint8Array> }
  >();

  constructor(private readonly deps: { dataDir: string; connections: ConnectionsService }) {}

  async sync(
    ref: AccountRef,
    mode: 'full' | 'incremental',
    signal: AbortSignal,
    report: Progress,
  ): Promise<SnapshotSyncResult> {
    const { client } = await woodpeckerAccount(this.deps.connections, ref, 'A snapshot');
    const store = this.store(ref);
    try {
      return await syncSnapshot({
        store,
        client,
        mode,
        signal,
        onProgress: (p) =>
          report(
            p.fetched,
            p.total,
            p.phase === 'saving' ? 'Saving the snapshot…' : `Downloaded ${p.fetched} prospects`,
          ),
      });
    } finally {
      this.views.delete(store.dir);
    }
  }

  /** Loads which campaigns each prospect is in (campaign-membership.ts), as a job. */
  async syncCampaigns(
    ref: AccountRef,
    signal: AbortSignal,
    report: Progress,
  ): Promise<CampaignMembershipInfo> {
    const { client } = await woodpeckerAccount(this.deps.connections, ref, 'Campaign membership');
    const store = this.store(ref);
    const membership = await fetchCampaignMembership({
      client,
      signal,
      onProgress: (p) => report(p.rows, null, `Read ${p.rows} memberships (${p.level})`),
    });
    await mkdir(store.dir, { recursive: true });
    await writeCampaignMembership(store.dir, membership);
    this.memberships.delete(store.dir);
    return membership.info;
  }

  async info(ref: AccountRef): Promise<{
    meta: SnapshotMeta | null;
    pending: PendingSnapshotSync | null;
    campaigns: CampaignMembershipInfo | null;
  }> {
    const store = this.store(ref);
    const [meta, pending, membership] = await Promise.all([
      store.readMeta(),
      store.readPending(),
      this.membership(store),
    ]);
    return {
      meta,
      campaigns: membership?.info ?? null,
      pending: pending && {
        startedAt: pending.startedAt,
        pages: pending.pages,
        fetched: pending.fetched,
        total: pending.total,
      },
    };
  }

  async query(
    ref: AccountRef,
    query: Omit<SnapshotQuery, 'members'> & { campaignId?: number },
  ): Promise<{ meta: SnapshotMeta; total: number; rows: Prospect[] }> {
    const view = await this.requireView(ref);
    const { campaignId, ...rest } = query;
    const members = await this.members(ref, view, campaignId);
    return { meta: view.meta, ...view.query({ ...rest, ...(members && { members }) }) };
  }

  /** Every prospect id a filter selects (a delete's targets), in id order. */
  async ids(ref: AccountRef, filter: SnapshotFilter): Promise<number[]> {
    return (await this.requireView(ref)).ids(filter);
  }

  async export(
    ref: AccountRef,
    gridFilter: SnapshotGridFilter,
    format: ExportFormat,
    signal: AbortSignal,
    report: Progress,
  ): Promise<{ prospects: number; path: string }> {
    const view = await this.requireView(ref);
    const { campaignId, ...rest } = gridFilter;
    const members = await this.members(ref, view, campaignId);
    const filter: Omit<SnapshotQuery, 'offset' | 'limit'> = {
      ...rest,
      ...(members && { members }),
    };
    const folder = join(this.deps.dataDir, 'exports');
    await mkdir(folder, { recursive: true });
    const label = this.deps.connections.get(ref.connectionId).label;
    const path = join(folder, exportFileName(`${label} snapshot`, format));
    const pages = function* () {
      for (let offset = 0; ; offset += MAX_QUERY_LIMIT) {
        const { total, rows } = view.query({ ...filter, offset, limit: MAX_QUERY_LIMIT });
        report(Math.min(total, offset + rows.length), total, `Exported ${offset + rows.length}`);
        yield rows;
        if (offset + MAX_QUERY_LIMIT >= total) return;
      }
    };
    return writeProspects({ pages: pages(), path, format, signal });
  }

  /** The account's snapshot, open (cached); not_found when it was never synced. */
  open(ref: AccountRef): Promise<SnapshotView> {
    return this.requireView(ref);
  }

  /** The rows of a campaign's members in `view` (undefined: no campaign asked for). */
  private async members(
    ref: AccountRef,
    view: SnapshotView,
    campaignId: number | undefined,
  ): Promise<{ key: string; rows: Uint8Array } | undefined> {
    if (campaignId === undefined) return undefined;
    const store = this.store(ref);
    const membership = await this.membership(store);
    if (!membership) {
      throw new AppError(
        'validation',
        'Load the campaigns first: this snapshot has no membership yet.',
      );
    }
    const cached = this.memberships.get(store.dir)!;
    if (cached.view !== view) cached.rows.clear();
    cached.view = view;
    let rows = cached.rows.get(campaignId);
    if (!rows) {
      rows = new Uint8Array(view.size);
      const { prospectIds, campaignIds } = membership;
      for (let k = 0; k < prospectIds.length; k++) {
        if (campaignIds[k] !== campaignId) continue;
        // Prospects added since the membership was loaded are in no campaign.
        const row = view.rowOfId(prospectIds[k]!);
        if (row >= 0) rows[row] = 1;
      }
      cached.rows.set(campaignId, rows);
    }
    return { key: `campaign:${campaignId}@${membership.info.syncedAt}`, rows };
  }

  private async membership(store: SnapshotStore): Promise<CampaignMembership | null> {
    const cached = this.memberships.get(store.dir);
    if (cached) return cached.membership;
    // Unreadable counts as not loaded: it is only a filter, and loading it
    // again replaces the file.
    const membership = await readCampaignMembership(store.dir).catch(() => null);
    this.memberships.set(store.dir, { membership, rows: new Map() });
    return membership;
  }

  private async requireView(ref: AccountRef): Promise<SnapshotView> {
    const view = await this.view(ref);
    if (!view) {
      throw new AppError('not_found', 'This account has no snapshot yet: sync it first.');
    }
    return view;
  }

  private view(ref: AccountRef): Promise<SnapshotView | null> {
    const store = this.store(ref);
    let view = this.views.get(store.dir);
    if (!view) {
      view = openSnapshot(store);
      // A failed open is not cached: the next call tries again.
      view.catch(() => this.views.delete(store.dir));
      this.views.set(store.dir, view);
      while (this.views.size > OPEN_VIEWS) this.views.delete(this.views.keys().next().value!);
    }
    return view;
  }

  private store(ref: AccountRef): SnapshotStore {
    this.deps.connections.get(ref.connectionId); // unknown connections are not_found
    return new SnapshotStore(this.deps.dataDir, ref);
  }
}
