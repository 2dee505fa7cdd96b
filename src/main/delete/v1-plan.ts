import { z } from 'zod';
import { AppError } from '../app-error';
import { planHeader } from './run-files';
import type { RunPaths } from './run-files';
import { readSealedPlan, writeSealedPlan } from './run-plan';
import type { ReadSealedPlanOptions } from './run-plan';

/**
 * `<runId>.plan.json` of a Woodpecker v1 prospect delete: what the run
 * deletes and how, sealed in the backup's manifest (run-plan.ts) after the
 * backup verified and before anything is sent. Resume reads it back only
 * through that seal, and the executor re-verifies the backup against its
 * ids, so a plan edited after its backup is refused before any request.
 *
 *   {"version":2,"kind":"prospects","runId":"del-20261123-101500-3fa2c1",
 *    "createdAt":"…","connection":{"id":"c1","label":"Main","kind":"woodpecker"},
 *    "backup":{"count":3,"idsSha256":"9f…","jsonlSha256":"4c…"},
 *    "targetKind":"email","targets":4,"ids":["101","102","103"],"notFound":["x@y.com"],
 *    "campaignIds":[7],"notInCampaigns":["103"],"totalAtBackup":2500,"batches":[["101","102"]]}
 */
export const prospectDeletePlanSchema = z.object({
  ...planHeader('prospects'),
  targetKind: z.enum(['id', 'email']),
  /** Unique targets asked for. */
  targets: z.number().int().nonnegative(),
  /** Prospect ids found and backed up: exactly the backup's set. */
  ids: z.array(z.string().regex(/^\d+$/)),
  /** Targets the account did not have when read. */
  notFound: z.array(z.string()),
  /** Only remove membership in these campaigns (global delete when absent). */
  campaignIds: z.array(z.number().int().nonnegative()).min(1).optional(),
  /**
   * Campaign runs: backed-up prospects that were in none of `campaignIds`
   * when read. Never sent, reported as "not in those campaigns".
   */
  notInCampaigns: z.array(z.string().regex(/^\d+$/)).optional(),
  /** The account's X-Total-Count when the backup was read (drift check). */
  totalAtBackup: z.number().int().nonnegative(),
  /** The ids per DELETE request, packed into the fewest URLs. */
  batches: z.array(z.array(z.string()).min(1)),
});
export type ProspectDeletePlan = z.infer<typeof prospectDeletePlanSchema>;

/** Writes the plan sealed to the run's backup manifest (run-plan.ts). */
export async function writePlan(
  paths: Pick<RunPaths, 'plan' | 'manifest'>,
  plan: ProspectDeletePlan,
): Promise<void> {
  await writeSealedPlan(paths, plan);
}

/**
 * Reads a v1 plan through its seal (run-plan.ts) and checks that its batches
 * are exactly the ids to send: every backed-up id once, minus those in none
 * of the campaigns. `unsealed: 'accept'` also reads an older version's plan.
 */
export async function readPlan(
  path: string,
  options: Pick<ReadSealedPlanOptions, 'unsealed'> = {},
): Promise<ProspectDeletePlan> {
  const plan = await readSealedPlan(path, prospectDeletePlanSchema, {
    missing: 'This delete run has no plan: back up the targets first.',
    ...options,
  });
  const inBatches = plan.batches.flat();
  const ids = new Set(plan.ids);
  const outside = new Set(plan.notInCampaigns ?? []);
  const toSend = ids.size - outside.size;
  if (
    ids.size !== plan.ids.length ||
    (plan.notInCampaigns !== undefined && !plan.campaignIds) ||
    outside.size !== (plan.notInCampaigns?.length ?? 0) ||
    ![...outside].every((id) => ids.has(id)) ||
    inBatches.length !== toSend ||
    new Set(inBatches).size !== toSend ||
    !inBatches.every((id) => ids.has(id) && !outside.has(id))
  ) {
    throw new AppError('conflict', `The delete plan ${path} does not add up: back up again.`);
  }
  return plan;
}
