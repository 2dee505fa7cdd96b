import { z } from 'zod';
import type { PreviewSummary } from '../../../../shared/update/update-preview';
import { ROW_KINDS } from '../../../../shared/update/update-types';

// Job results cross IPC as `Record<string, unknown>`: parsed, never cast
// (the same rule as features/delete/job-results.ts).

const count = z.number().int().nonnegative();

/** main's PreviewSummary (src/shared/update/update-preview.ts). */
export const previewSummarySchema = z.object({
  total: count,
  byKind: z.object(
    Object.fromEntries(ROW_KINDS.map((k) => [k, count])) as Record<
      (typeof ROW_KINDS)[number],
      typeof count
    >,
  ),
  included: count,
  flags: z.object({ 'status-change': count, overwrite: count, clear: count }),
  flaggedRows: count,
}) satisfies z.ZodType<PreviewSummary>;

/** The result of `update:preview` (UpdateService.preview). */
export const previewResultSchema = z.object({
  previewId: z.string(),
  summary: previewSummarySchema,
  snapshot: z.object({
    count,
    deletionsVisible: z.boolean(),
    lastSync: z.object({ mode: z.enum(['full', 'incremental']), finishedAt: z.string() }),
    fullSyncAt: z.string(),
  }),
  list: z.string(),
});
export type PreviewResult = z.infer<typeof previewResultSchema>;

const outcomeCounts = z.object({
  added: count,
  updated: count,
  unchanged: count,
  /** The list's invalid and duplicate rows: never sent. */
  invalid: count,
  failed: count,
  unknown: count,
});
export type OutcomeCounts = z.infer<typeof outcomeCounts>;

/** The result of `update:apply` (src/main/update/apply-update.ts ApplyUpdateResult). */
export const applyResultSchema = z.object({
  runId: z.string(),
  dir: z.string(),
  counts: outcomeCounts,
  notCleared: count,
  requests: count,
  backupCount: count,
  files: z.object({ success: z.string(), errors: z.string(), backup: z.string() }),
});
export type ApplyResult = z.infer<typeof applyResultSchema>;

/** The result of `update:retry` (retry-revert.ts retryFailed). */
export const retryResultSchema = z.object({
  retried: count,
  counts: outcomeCounts,
  requests: count,
});
export type RetryResult = z.infer<typeof retryResultSchema>;

/** The result of `update:revert` (retry-revert.ts RevertResult). */
export const revertResultSchema = z.object({
  reverted: count,
  failed: count,
  added: count,
  requests: count,
  files: z.object({ success: z.string(), errors: z.string() }),
});
export type RevertResult = z.infer<typeof revertResultSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A succeeded job's result read with `schema`; null while the job has not succeeded. */
export function parseJobResult<T>(
  progress: { state: string; result?: Record<string, unknown> } | null,
  schema: z.ZodType<T>,
): Parsed<T> | null {
  if (progress?.state !== 'succeeded') return null;
  const parsed = schema.safeParse(progress.result);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        message:
          'The job finished but its result could not be read. Check the History page before doing anything else.',
      };
}
