import { z } from 'zod';

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

export const SnapshotMetaSchema = z.object({
  connectionId: z.string(),
  companyId: z.number().int().optional(),
  count: z.number().int().nonnegative(),
  fullSyncAt: z.string(),
  syncedAt: z.string(),
  complete: z.literal(true),
  deletionsVisible: z.boolean(),
  lastSync: z.object({
    mode: z.enum(['full', 'incremental']),
    startedAt: z.string(),
    finishedAt: z.string(),
    received: z.number().int().nonnegative(),
  }),
});
