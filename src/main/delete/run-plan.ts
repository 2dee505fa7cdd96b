import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error';
import { BackupVerificationError } from '../backup/backup-errors';
import { backupManifestSchema, backupPaths, hashIdSet } from '../backup/backup-manifest';
import type { BackupManifest, PlanSeal } from '../backup/backup-manifest';
import { writeFileDurably } from '../store/atomic-write';
import type { RunPaths } from './run-files';

/**
 * A run's plan is trusted only when it is exactly what was written after its
 * backup verified. Decision 005, "Run files are trusted only when intact".
 *
 * - The plan (`<runId>.plan.json`, version 2) names its backup: the count,
 *   the sha256 of its id set and of its JSONL (`backup` below), so a plan
 *   cannot pass for another backup's.
 * - The plan's own digest is sealed in the backup's manifest, a file of its
 *   own, written durably after the plan is made and before the plan itself:
 *
 *     "plan": {"file":"del-20261123-101500-3fa2c1.plan.json","bytes":912,"sha256":"5d1c…"}
 *
 *   Any change to the plan alone (a field removed, an id added, a byte
 *   flipped) no longer matches, and every path that acts on a run — execute,
 *   resume, the app's gate, the CLI — reads the plan only through
 *   `readSealedPlan`, before any request.
 * - A Leads run binds its action into the plan at its first execution: the
 *   seal is written first with the new digest and the prepared one kept
 *   (`prepared`), then the plan. A crash between the two leaves the prepared
 *   plan, accepted as such while the run has no journal (nothing was sent).
 *
 * Plans written before the seal existed (version 1, no `plan` in the
 * manifest) cannot be checked: they are refused for execution and resume
 * (restore, which only writes backed-up values, still reads them).
 */
export const PLAN_VERSION = 2;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** What a plan records of the backup it was made from. */
export const planBackupSchema = z.object({
  /** Records in the backup (= the run's ids). */
  count: z.number().int().nonnegative(),
  /** `hashIdSet` of the run's ids: the manifest's `targetIdsSha256`. */
  idsSha256: sha256Hex,
  /** The backup JSONL's sha256, as in the manifest. */
  jsonlSha256: sha256Hex,
});
export type PlanBackup = z.infer<typeof planBackupSchema>;

/** The backup fields a plan records, from the verified backup's manifest. */
export function planBackupOf(manifest: BackupManifest): PlanBackup {
  return {
    count: manifest.count,
    idsSha256: manifest.targetIdsSha256,
    jsonlSha256: manifest.jsonlSha256,
  };
}

/** The fields of every plan the seal checks. */
interface SealablePlan {
  version: number;
  runId: string;
  connection: { id: string };
  ids: readonly string[];
  backup?: PlanBackup;
  action?: unknown;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The exact bytes a plan is written as. */
export function planText(plan: object): string {
  return `${JSON.stringify(plan)}\n`;
}

/**
 * Writes a run's plan sealed to its backup: first the manifest with the
 * plan's digest (keeping the digest of the plan as first prepared, when it
 * had one), then the plan. Both durably (atomic-write.ts). Call it after the
 * backup verified; for a Leads run's action binding, under the run's lock.
 */
export async function writeSealedPlan(
  paths: Pick<RunPaths, 'plan' | 'manifest'>,
  plan: object,
): Promise<void> {
  const text = planText(plan);
  const { raw, manifest } = await readManifest(paths.manifest);
  const current = manifest.plan;
  const seal: PlanSeal = {
    file: basename(paths.plan),
    bytes: Buffer.byteLength(text, 'utf8'),
    sha256: sha256(text),
    ...(current && {
      prepared: current.prepared ?? { bytes: current.bytes, sha256: current.sha256 },
    }),
  };
  await writeFileDurably(paths.manifest, `${JSON.stringify({ ...raw, plan: seal }, null, 2)}\n`);
  await writeFileDurably(paths.plan, text);
}

export interface ReadSealedPlanOptions {
  /** Said when the plan is missing (`not_found`). */
  missing: string;
  /**
   * 'accept' reads a plan written before plans were sealed (listing, restore);
   * default 'refuse': such a run cannot be resumed.
   */
  unsealed?: 'refuse' | 'accept';
  /**
   * Leads: the plan as first prepared still counts while this is false (no
   * journal: nothing was sent), so an action binding cut short is not damage.
   */
  started?: boolean;
}

/**
 * Reads a run's plan and checks it against its backup's manifest before
 * anything trusts it: the bytes match the sealed digest, and the plan names
 * this run, the manifest's account and exactly the backed-up id set. Throws
 * BackupVerificationError ('plan-changed', 'plan-unsealed') naming the file
 * and what to do; a missing plan is `not_found` with `options.missing`.
 */
export async function readSealedPlan<T extends SealablePlan>(
  planPath: string,
  schema: z.ZodType<T>,
  options: ReadSealedPlanOptions,
): Promise<T> {
  const paths = pathsOfPlan(planPath);
  const runId = basename(planPath, '.plan.json');
  let bytes: Buffer;
  try {
    bytes = await readFile(planPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', options.missing);
    }
    throw error;
  }
  const json = parseJson(bytes);
  const { manifest } = await readManifest(paths.manifest);
  if (manifest.runId !== runId) {
    throw new BackupVerificationError(
      'stale-manifest',
      `The backup manifest belongs to run "${manifest.runId}", not "${runId}".`,
      { manifestRunId: manifest.runId },
    );
  }
  const seal = manifest.plan;
  const legacy = isLegacy(json);
  if (!seal) {
    if (legacy && options.unsealed === 'accept') return parsePlan(planPath, json, schema);
    throw new BackupVerificationError(
      'plan-unsealed',
      legacy
        ? `Run ${runId} was prepared by an earlier version of Prospect Desk, before plans were sealed to their backup, so ${planPath} cannot be checked and the run is not resumed: nothing was sent. Restore from its backup (${paths.manifest}) or start a new run for the targets that are left.`
        : `The preparation of run ${runId} did not finish (its plan was never sealed in ${paths.manifest}): nothing was sent. Start a new run.`,
    );
  }
  const digest = { bytes: bytes.length, sha256: sha256(bytes) };
  const sealed = digest.bytes === seal.bytes && digest.sha256 === seal.sha256;
  const asPrepared =
    !sealed &&
    options.started === false &&
    seal.prepared !== undefined &&
    digest.bytes === seal.prepared.bytes &&
    digest.sha256 === seal.prepared.sha256;
  if (seal.file !== basename(planPath) || (!sealed && !asPrepared)) {
    throw changed(
      planPath,
      `was changed after its backup was made (its sha256 is not the one sealed in ${paths.manifest})`,
      runId,
      paths.manifest,
    );
  }
  const plan = parsePlan(planPath, json, schema);
  if (asPrepared && plan.action !== undefined) {
    throw changed(planPath, 'binds an action its seal does not have', runId, paths.manifest);
  }
  const why = mismatch(plan, manifest, runId);
  if (why) throw changed(planPath, why, runId, paths.manifest);
  return plan;
}

/** The run's manifest from its plan's path (`<dir>/<runId>.plan.json`). */
function pathsOfPlan(planPath: string): { manifest: string } {
  return backupPaths(dirname(planPath), basename(planPath, '.plan.json'));
}

/** Why a plan does not belong to this run and its backup, or null when it does. */
function mismatch(plan: SealablePlan, manifest: BackupManifest, runId: string): string | null {
  if (plan.version !== PLAN_VERSION || !plan.backup) return `is not a version ${PLAN_VERSION} plan`;
  if (plan.runId !== runId || manifest.runId !== runId) return `names run ${plan.runId}`;
  if (plan.connection.id !== manifest.connection.id) {
    return `names another account than its backup`;
  }
  const { backup } = plan;
  if (
    backup.count !== manifest.count ||
    backup.count !== plan.ids.length ||
    new Set(plan.ids).size !== plan.ids.length
  ) {
    return `counts ${plan.ids.length} prospects where its backup holds ${manifest.count}`;
  }
  if (backup.idsSha256 !== manifest.targetIdsSha256 || hashIdSet(plan.ids) !== backup.idsSha256) {
    return 'names other records than its backup';
  }
  if (backup.jsonlSha256 !== manifest.jsonlSha256) return 'was made from another backup';
  return null;
}

function changed(
  planPath: string,
  why: string,
  runId: string,
  manifest: string,
): BackupVerificationError {
  return new BackupVerificationError(
    'plan-changed',
    `The plan ${planPath} ${why}: it is not trusted and nothing was sent. Do not edit run files; start a new run, or restore run ${runId} from its backup (${manifest}).`,
  );
}

function isLegacy(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { version?: unknown }).version === 1;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function parsePlan<T>(planPath: string, json: unknown, schema: z.ZodType<T>): T {
  if (json === undefined) {
    throw new AppError('conflict', `The plan ${planPath} is damaged (not JSON): back up again.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('conflict', `The plan ${planPath} is not valid: back up again.`);
  }
  return parsed.data;
}

/** A run's backup manifest as written (`raw`) and parsed; missing or damaged throws. */
export async function readManifest(
  path: string,
): Promise<{ raw: Record<string, unknown>; manifest: BackupManifest }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupVerificationError('missing-manifest', `No backup manifest at ${path}.`);
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupVerificationError('bad-manifest', `The backup manifest ${path} is not JSON.`);
  }
  const parsed = backupManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BackupVerificationError(
      'bad-manifest',
      `The backup manifest ${path} is not a manifest we wrote.`,
    );
  }
  return { raw: raw as Record<string, unknown>, manifest: parsed.data };
}
