import { z } from 'zod';

// Job results cross IPC as `Record<string, unknown>`: parsed, never cast
// (the same rule as features/delete/job-results.ts).

const backupFiles = z.object({ manifest: z.string(), jsonl: z.string(), csv: z.string() });

/** The result of `leads-delete:backup` (main's PreparedLeadsView, leads-service.ts). */
export const preparedLeadsSchema = z.object({
  runId: z.string(),
  total: z.number(),
  preview: z.array(
    z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  ),
  notFound: z.array(z.string()),
  backup: backupFiles,
  /** Listing by status may have missed leads (the API would not page), or left some out. */
  listingNote: z.string().optional(),
});
export type PreparedLeads = z.infer<typeof preparedLeadsSchema>;

export const LEADS_ACTIONS = ['delete', 'archive', 'anonymize'] as const;
export type LeadsAction = (typeof LEADS_ACTIONS)[number];

/** The result of `leads-delete:execute` (main's LeadsActionResult, leads-run.ts). */
export const leadsActionResultSchema = z.object({
  runId: z.string(),
  action: z.enum(LEADS_ACTIONS),
  state: z.enum(['finished', 'stopped', 'cancelled']),
  targets: z.number(),
  backedUp: z.number(),
  done: z.number(),
  notFound: z.number(),
  failed: z.number(),
  unknown: z.number(),
  pending: z.number(),
  requests: z.number(),
  backup: z.string(),
  leads: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['done', 'gone', 'failed', 'unknown', 'pending']),
      sends: z.number(),
      code: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
  message: z.string().optional(),
});
export type LeadsActionResult = z.infer<typeof leadsActionResultSchema>;

/** The result of `leads-delete:restore` (main's LeadsRestoreResult, leads-restore.ts). */
export const leadsRestoreResultSchema = z.object({
  runId: z.string(),
  action: z.enum(LEADS_ACTIONS),
  restored: z.number(),
  notRestorable: z.number(),
  failed: z.number(),
  skipped: z.number(),
  requests: z.number(),
  backupFile: z.string(),
  leads: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['restored', 'not-restorable', 'failed', 'skipped']),
      message: z.string().optional(),
    }),
  ),
});
export type LeadsRestoreResult = z.infer<typeof leadsRestoreResultSchema>;
