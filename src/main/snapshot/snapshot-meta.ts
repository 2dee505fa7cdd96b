import { z } from 'zod';

export type { SnapshotMeta, SnapshotSyncMode } from '../../shared/snapshot';

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
