/**
 * The local copy of an account's prospects ("snapshot"), as the renderer and
 * main both see it. Stored and synced in main (src/main/snapshot).
 */

/** How a snapshot was last brought up to date. */
export type SnapshotSyncMode = 'full' | 'incremental';

/**
 * What a complete snapshot knows about itself (kept in its file's header, so
 * data and metadata can never disagree).
 */
export interface SnapshotMeta {
  connectionId: string;
  /** An agency client company the snapshot belongs to (`x-company-id`). */
  companyId?: number;
  /** Prospects in the snapshot. */
  count: number;
  /** When the last full sync finished (ISO). */
  fullSyncAt: string;
  /**
   * The `diff` the next incremental sync sends (ISO): the start of the last
   * successful sync minus a safety margin, so changes made while it ran are
   * picked up next time.
   */
  syncedAt: string;
  /** Always true for a committed snapshot; a sync in progress is never visible as one. */
  complete: true;
  /**
   * False once an incremental sync has run since the last full one: `diff`
   * never reports prospects deleted elsewhere (notes/api-facts.md), so the
   * snapshot may still hold some. Only a full resync makes it true again.
   */
  deletionsVisible: boolean;
  lastSync: {
    mode: SnapshotSyncMode;
    startedAt: string;
    finishedAt: string;
    /** Prospects received from the API in that sync. */
    received: number;
  };
}

/** A snapshot sync that was cancelled or crashed and can resume where it stopped. */
export interface PendingSnapshotSync {
  startedAt: string;
  pages: number;
  fetched: number;
  total: number | null;
}

/** Filters over a snapshot (the grid's and a delete's). */
export interface SnapshotFilter {
  status?: string;
  /** One tag, e.g. `#vip` (the `#` is optional; case-insensitive). */
  tag?: string;
  contacted?: boolean;
  /**
   * Not contacted since this instant (ISO): never contacted, or last contacted
   * before it — e.g. "not contacted for a year".
   */
  notContactedSince?: string;
  /** Case-insensitive substring of any field value. */
  text?: string;
}

/**
 * Campaign membership of an account's prospects, loaded apart from the
 * snapshot (src/main/snapshot/campaign-membership.ts), with its own age.
 */
export interface CampaignMembershipInfo {
  /** When it was loaded (ISO). */
  syncedAt: string;
  /** Every campaign with prospects, and how many. */
  campaigns: { id: number; prospects: number }[];
}

/** The snapshot grid's and export's filter: a snapshot filter, and a campaign once membership is loaded. */
export interface SnapshotGridFilter extends SnapshotFilter {
  campaignId?: number;
}
