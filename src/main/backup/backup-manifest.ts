import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { CONNECTION_KINDS } from '../../shared/connections';

/** Bumped when the manifest's meaning changes; the verifier accepts only this. */
export const BACKUP_MANIFEST_VERSION = 1;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `<runId>.manifest.json`, written last: its presence says the two data files
 * were complete and durable, and its fields bind them to one run, one
 * connection and one delete set.
 */
/** The account a backup (and its run) belongs to. */
export const backupConnectionSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  kind: z.enum(CONNECTION_KINDS),
  /** A Woodpecker client company acted for (agency key + x-company-id). */
  companyId: z.number().int().positive().optional(),
  /**
   * The API's origin (never a key), when the caller knows it: what
   * `--key-rotated` compares before taking a new key as this account's.
   */
  origin: z.string().optional(),
});

/**
 * The digest of a run's `<runId>.plan.json`, kept in the manifest: a plan
 * changed after its backup no longer matches it (src/main/delete/run-plan.ts).
 * `prepared` is the plan as first written, kept when a Leads run binds its
 * action into the plan, so a binding cut short by a crash is recognised.
 */
export const planSealSchema = z.object({
  file: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
  prepared: z.object({ bytes: z.number().int().nonnegative(), sha256: sha256Hex }).optional(),
});
export type PlanSeal = z.infer<typeof planSealSchema>;

export const backupManifestSchema = z.object({
  version: z.literal(BACKUP_MANIFEST_VERSION),
  runId: z.string().min(1),
  createdAt: z.string().min(1),
  connection: backupConnectionSchema,
  targetIdsSha256: sha256Hex,
  count: z.number().int().nonnegative(),
  jsonlFile: z.string().min(1),
  jsonlBytes: z.number().int().nonnegative(),
  jsonlSha256: sha256Hex,
  csvFile: z.string().min(1),
  csvBytes: z.number().int().nonnegative(),
  csvSha256: sha256Hex,
  /** Delete runs: the plan's digest, added once the plan is written (absent in older runs). */
  plan: planSealSchema.optional(),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupConnection = BackupManifest['connection'];

/** The three files of one run's backup, all in `dir`. */
export interface BackupPaths {
  jsonl: string;
  csv: string;
  manifest: string;
}

// Run ids become file names: letters, digits, `._-`, no leading dot, no `..`.
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True when `runId` is safe to use as a file name in the backups folder. */
export function isValidRunId(runId: string): boolean {
  return RUN_ID.test(runId) && !runId.includes('..');
}

export function backupPaths(dir: string, runId: string): BackupPaths {
  return {
    jsonl: join(dir, `${runId}.jsonl`),
    csv: join(dir, `${runId}.csv`),
    manifest: join(dir, `${runId}.manifest.json`),
  };
}

/**
 * sha256 (hex) of the delete set: unique ids, sorted by UTF-16 code units
 * (plain `Array.prototype.sort`), joined by `\n`. Order and repeats of the
 * input do not matter; any added or removed id changes it.
 */
export function hashIdSet(ids: Iterable<string>): string {
  const sorted = [...new Set(ids)].sort();
  return createHash('sha256').update(sorted.join('\n'), 'utf8').digest('hex');
}

/**
 * The id of an API object as a string: its `id` field, a string or a finite
 * number (Woodpecker ids are numbers, Leads API ids strings). Throws for
 * anything else: a record we cannot name cannot be matched to the delete set.
 */
export function recordId(record: Record<string, unknown>): string {
  const id = record.id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  throw new Error('record has no string or numeric "id"');
}
