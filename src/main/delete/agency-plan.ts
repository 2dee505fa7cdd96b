import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { planHeader } from './run-files';
import type { RunPaths } from './run-files';
import { readSealedPlan, writeSealedPlan } from './run-plan';
import { apiRoot } from '../api/http/api-root';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';

/**
 * `<runId>.plan.json` of an agency "delete ALL": which company, how many
 * prospects were backed up (the drift check compares against it), and the one
 * request a run sends. Written after the backup verified, sealed in its
 * manifest (run-plan.ts).
 *
 *   {"version":2,"kind":"agency-all","runId":"agency-20261123-101500-3fa2c1",
 *    "createdAt":"…","connection":{"id":"c9","label":"Agency HQ","kind":"agency"},
 *    "backup":{"count":2,"idsSha256":"9f…","jsonlSha256":"4c…"},"companyId":7,"companyName":"Hooli","count":2,"ids":["101","102"],"maxId":"102",
 *    "request":{"method":"POST","url":"https://api.woodpecker.co/rest/v2/agency/companies/7/prospects/delete","targets":2}}
 */
export const agencyDeletePlanSchema = z.object({
  ...planHeader('agency-all'),
  companyId: z.number().int().positive(),
  companyName: z.string().min(1),
  /** Prospects of the company when it was backed up (0: nothing to delete). */
  count: z.number().int().nonnegative(),
  /** Their ids: the backup must hold exactly these. */
  ids: z.array(z.string().regex(/^\d+$/)),
  /** Highest id backed up (null when empty): a prospect added later has a higher one. */
  maxId: z.string().regex(/^\d+$/).nullable(),
  request: z.object({
    method: z.literal('POST'),
    url: z.string().min(1),
    targets: z.number().int().nonnegative(),
  }),
});
export type AgencyDeletePlan = z.infer<typeof agencyDeletePlanSchema>;

/**
 * `<runId>.accepted.json`: Woodpecker's 202 answer, written durably before the
 * journal's outcome, so a crash in between still knows the request id.
 *   {"deletionRequestId":881,"count":2,"at":"2026-11-23T10:15:02.000Z"}
 */
export const agencyAcceptanceSchema = z.object({
  deletionRequestId: z.number().int(),
  count: z.number().int().nonnegative(),
  at: z.string().min(1),
});
export type AgencyAcceptance = z.infer<typeof agencyAcceptanceSchema>;

export function agencyAcceptancePath(dir: string, runId: string): string {
  return join(dir, `${runId}.accepted.json`);
}

/** The exact URL the agency client posts to (what the dry run shows). */
export function agencyDeleteUrl(baseUrl: string, companyId: number): string {
  return `${apiRoot(baseUrl, '/rest')}/rest/v2/agency/companies/${companyId}/prospects/delete`;
}

/** Writes the plan sealed to the run's backup manifest (run-plan.ts). */
export async function writeAgencyPlan(
  paths: Pick<RunPaths, 'plan' | 'manifest'>,
  plan: AgencyDeletePlan,
): Promise<void> {
  await writeSealedPlan(paths, plan);
}

/** Reads the plan through its seal (run-plan.ts); an older version's plan is refused. */
export async function readAgencyPlan(path: string): Promise<AgencyDeletePlan> {
  const plan = await readSealedPlan(path, agencyDeletePlanSchema, {
    missing: 'This delete run has no plan: back up the company first.',
  });
  if (plan.ids.length !== plan.count || new Set(plan.ids).size !== plan.count) {
    throw new AppError('conflict', `The delete plan ${path} does not add up: back up again.`);
  }
  return plan;
}

export async function writeAgencyAcceptance(path: string, value: AgencyAcceptance): Promise<void> {
  await writeFileDurably(path, `${JSON.stringify(value)}\n`);
}

/** The recorded 202 answer, or null when none was recorded. */
export async function readAgencyAcceptance(path: string): Promise<AgencyAcceptance | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = agencyAcceptanceSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new AppError('conflict', `${path} is damaged.`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
