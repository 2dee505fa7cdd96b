import { z } from 'zod';
import { planHeader } from './run-files';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';
import { readJsonFile } from './agency-plan';

/** What a Leads API run does to each lead (one request per lead). */
export const LEADS_ACTIONS = ['delete', 'archive', 'anonymize'] as const;
export type LeadsAction = (typeof LEADS_ACTIONS)[number];

/** A lead as the confirmation shows it. */
export const leadPreviewSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});
export type LeadPreview = z.infer<typeof leadPreviewSchema>;

/**
 * `<runId>.plan.json` of a Leads API run: the leads read fresh and backed up
 * (exactly the run's set), the ones not found, a preview for the
 * confirmation, and — once the first execution starts — the action, bound to
 * the run so a resume can never switch from "archive" to "delete".
 *
 *   {"version":1,"kind":"leads","runId":"leads-20261123-101500-3fa2c1","createdAt":"…",
 *    "connection":{"id":"c3","label":"CRM","kind":"leads"},"target":{"status":"lost"},
 *    "targets":2,"ids":["lead_a1…"],"notFound":["lead_ff…"],
 *    "preview":[{"id":"lead_a1…","name":"Ana Díaz","email":"ana@example.com"}],
 *    "action":{"kind":"archive","reason":"No longer interested","at":"…"}}
 */
export const leadsPlanSchema = z.object({
  ...planHeader('leads'),
  target: z.union([z.object({ ids: z.literal(true) }), z.object({ status: z.string().min(1) })]),
  /** Unique targets asked for (ids), or leads listed (status). */
  targets: z.number().int().nonnegative(),
  ids: z.array(z.string().min(1)).min(1),
  notFound: z.array(z.string()),
  preview: z.array(leadPreviewSchema),
  action: z
    .object({
      kind: z.enum(LEADS_ACTIONS),
      reason: z.string().optional(),
      /** The archive timestamp, fixed once so a resend writes the same values. */
      at: z.string().min(1),
    })
    .optional(),
});
export type LeadsPlan = z.infer<typeof leadsPlanSchema>;

export async function writeLeadsPlan(path: string, plan: LeadsPlan): Promise<void> {
  await writeFileDurably(path, `${JSON.stringify(plan)}\n`);
}

export async function readLeadsPlan(path: string): Promise<LeadsPlan> {
  const json = await readJsonFile(path, 'This run has no plan: back the leads up first.');
  const parsed = leadsPlanSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('conflict', `The plan ${path} is not valid: back up again.`);
  }
  if (new Set(parsed.data.ids).size !== parsed.data.ids.length) {
    throw new AppError('conflict', `The plan ${path} repeats a lead: back up again.`);
  }
  return parsed.data;
}
