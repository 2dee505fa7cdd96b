import { z } from 'zod';
import type { JobProgress } from '../../../../shared/jobs';
import type { PreparedDelete } from '../../../../shared/delete';

// Job results cross IPC as `Record<string, unknown>`: parsed, never cast.
const connection = z.object({
  id: z.string(),
  label: z.string(),
  companyId: z.number().optional(),
});

/** The result of `delete:backup` (src/shared/delete.ts PreparedDelete). */
export const preparedDeleteSchema = z.object({
  runId: z.string(),
  connection,
  targets: z.number(),
  backedUp: z.number(),
  notFound: z.array(z.string()),
  notFoundCount: z.number(),
  campaignIds: z.array(z.number()).optional(),
  notInCampaigns: z.array(z.string()).optional(),
  notInCampaignsCount: z.number().optional(),
  ids: z.array(z.string()),
  requests: z.array(
    z.object({ method: z.enum(['DELETE', 'POST', 'PUT']), url: z.string(), targets: z.number() }),
  ),
  backup: z.object({ manifest: z.string(), jsonl: z.string(), csv: z.string() }),
}) satisfies z.ZodType<PreparedDelete>;

/** The result of `delete:execute` (main's ProspectDeleteResult, batches left out). */
export const deleteResultSchema = z.object({
  runId: z.string(),
  state: z.enum(['finished', 'stopped', 'cancelled']),
  targets: z.number(),
  backedUp: z.number(),
  deleted: z.number(),
  notFound: z.number(),
  /** Campaign removal: prospects that were in none of the campaigns (not sent, not removed). */
  notInCampaigns: z.number().optional(),
  campaignIds: z.array(z.number()).optional(),
  failed: z.number(),
  unknown: z.number(),
  pending: z.number(),
  requests: z.number(),
  backup: z.string(),
  message: z.string().optional(),
});
export type DeleteResult = z.infer<typeof deleteResultSchema>;

/** The result of `delete:restore` (main's RestoreResult). */
export const restoreResultSchema = z.object({
  runId: z.string(),
  records: z.number(),
  restored: z.number(),
  failed: z.number(),
  requests: z.number(),
  failures: z.array(z.object({ email: z.string(), code: z.string(), message: z.string() })),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A succeeded job's result read with `schema`; null while the job has not succeeded. */
export function jobResult<T>(progress: JobProgress | null, schema: z.ZodType<T>): Parsed<T> | null {
  if (progress?.state !== 'succeeded') return null;
  const parsed = schema.safeParse(progress.result);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        message:
          'The job finished but its result could not be read. Check the runs list below and the History page before doing anything else.',
      };
}

/** Unresolved targets: anything not deleted and not found is left for a resume. */
export const unresolved = (r: DeleteResult) => r.failed + r.unknown + r.pending;
