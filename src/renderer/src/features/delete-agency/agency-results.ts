import { z } from 'zod';

// Job results cross IPC as `Record<string, unknown>`: parsed, never cast
// (the same rule as features/delete/job-results.ts).

/** The result of `agency-delete:backup` (main's PreparedAgencyView, agency-service.ts). */
export const preparedAgencySchema = z.object({
  runId: z.string(),
  companyId: z.number(),
  companyName: z.string(),
  count: z.number(),
  empty: z.boolean(),
  requests: z.array(
    z.object({ method: z.enum(['DELETE', 'POST', 'PUT']), url: z.string(), targets: z.number() }),
  ),
  backup: z.object({ manifest: z.string(), jsonl: z.string(), csv: z.string() }),
});
export type PreparedAgency = z.infer<typeof preparedAgencySchema>;

/** The result of `agency-delete:execute` (main's AgencyDeleteResult, agency-run.ts). */
export const agencyResultSchema = z.object({
  runId: z.string(),
  state: z.enum(['finished', 'unknown', 'failed']),
  companyId: z.number(),
  companyName: z.string(),
  backedUp: z.number(),
  deleted: z.number(),
  unknown: z.number(),
  requests: z.number(),
  backup: z.string(),
  deletionRequestId: z.number().nullable(),
  acceptedCount: z.number().nullable(),
  alert: z.string().optional(),
  message: z.string().optional(),
});
export type AgencyResult = z.infer<typeof agencyResultSchema>;
