import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../app-error';
import { backupConnectionSchema } from '../backup/backup-manifest';
import { planHeader } from './run-files';
import { writeFileDurably } from '../store/atomic-write';

/**
 * `<runId>.plan.json` of a Woodpecker v1 prospect delete: what the run
 * deletes and how, written (durably) after the backup verified and before
 * anything is sent. Resume reads it back; the executor re-verifies the backup
 * against its ids, so an edited plan cannot widen the delete.
 *
 *   {"version":1,"kind":"prospects","runId":"del-20261123-101500-3fa2c1",
 *    "createdAt":"…","connection":{"id":"c1","label":"Main","kind":"woodpecker"},
 *    "targetKind":"email","targets":3,"ids":["101","102"],"notFound":["x@y.com"],
 *    "campaignIds":[7],"totalAtBackup":2500,"batches":[["101","102"]]}
 */
export const prospectDeletePlanSchema = z.object({
  ...planHeader('prospects'),
  connection: backupConnectionSchema.extend({
    companyId: z.number().int().positive().optional(),
  }),
  targetKind: z.enum(['id', 'email']),
  /** Unique targets asked for. */
  targets: z.number().int().nonnegative(),
  /** Prospect ids found and backed up: exactly the delete set. */
  ids: z.array(z.string().regex(/^\d+$/)),
  /** Targets the account did not have when read. */
  notFound: z.array(z.string()),
  /** Only remove membership in these campaigns (global delete when absent). */
  campaignIds: z.array(z.number().int().nonnegative()).min(1).optional(),
  /** The account's X-Total-Count when the backup was read (drift check). */
  totalAtBackup: z.number().int().nonnegative(),
  /** The ids per DELETE request, packed into the fewest URLs. */
  batches: z.array(z.array(z.string()).min(1)),
});
export type ProspectDeletePlan = z.infer<typeof prospectDeletePlanSchema>;

export async function writePlan(path: string, plan: ProspectDeletePlan): Promise<void> {
  await writeFileDurably(path, `${JSON.stringify(plan)}\n`);
}

export async function readPlan(path: string): Promise<ProspectDeletePlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', 'This delete run has no plan: back up the targets first.');
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('conflict', `The delete plan ${path} is damaged: back up again.`);
  }
  const parsed = prospectDeletePlanSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('conflict', `The delete plan ${path} is not valid: back up again.`);
  }
  const plan = parsed.data;
  const inBatches = plan.batches.flat();
  const ids = new Set(plan.ids);
  if (
    ids.size !== plan.ids.length ||
    inBatches.length !== ids.size ||
    new Set(inBatches).size !== ids.size ||
    !inBatches.every((id) => ids.has(id))
  ) {
    throw new AppError('conflict', `The delete plan ${path} does not add up: back up again.`);
  }
  return plan;
}
