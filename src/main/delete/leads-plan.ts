import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { planHeader } from './run-files';
import type { RunPaths } from './run-files';
import { AppError } from '../app-error';
import { readSealedPlan, writeSealedPlan } from './run-plan';
import type { ReadSealedPlanOptions } from './run-plan';

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
 * the run so a resume can never switch from "archive" to "delete". Sealed in
 * the backup's manifest when prepared, and again when the action is bound
 * (run-plan.ts): an action edited in the file is refused.
 *
 *   {"version":2,"kind":"leads","runId":"leads-20261123-101500-3fa2c1","createdAt":"…",
 *    "connection":{"id":"c3","label":"CRM","kind":"leads"},
 *    "backup":{"count":1,"idsSha256":"9f…","jsonlSha256":"4c…"},"target":{"status":"lost"},
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

/**
 * Writes the plan sealed to the run's backup manifest (run-plan.ts): when it
 * is prepared, and once more when the first execution binds the action
 * (under the run's lock, before the journal exists).
 */
export async function writeLeadsPlan(
  paths: Pick<RunPaths, 'plan' | 'manifest'>,
  plan: LeadsPlan,
): Promise<void> {
  await writeSealedPlan(paths, plan);
}

/**
 * Reads the plan through its seal (run-plan.ts). While the run has no
 * journal, the plan as prepared is accepted too (an action binding cut short
 * sent nothing). `unsealed: 'accept'` reads an older version's plan (restore).
 */
export async function readLeadsPlan(
  path: string,
  options: Pick<ReadSealedPlanOptions, 'unsealed'> = {},
): Promise<LeadsPlan> {
  const journal = join(dirname(path), `${basename(path, '.plan.json')}.journal`);
  const plan = await readSealedPlan(path, leadsPlanSchema, {
    missing: 'This run has no plan: back the leads up first.',
    started: await exists(journal),
    ...options,
  });
  if (new Set(plan.ids).size !== plan.ids.length) {
    throw new AppError('conflict', `The plan ${path} repeats a lead: back up again.`);
  }
  return plan;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
