import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BackupVerificationError } from './backup-errors';
import {
  backupManifestSchema,
  backupPaths,
  hashIdSet,
  isValidRunId,
  recordId,
} from './backup-manifest';
import type { BackupManifest, BackupPaths } from './backup-manifest';
import { fileLines, parseObjectLine } from './file-lines';
import { fileDigest } from '../store/file-digest';

export interface VerifyBackupOptions {
  dir: string;
  runId: string;
  /** The delete set of this run: the backup must hold exactly these ids. */
  expectedIds: readonly string[];
  /** The connection the run deletes from: a backup of another account proves nothing. */
  connectionId: string;
  /** Must match the `idOf` given to writeBackup (default: the `id` field). */
  idOf?: (record: Record<string, unknown>) => string;
}

// Only verifyBackup holds this, so only verifyBackup can make a VerifiedBackup.
const MINT = Symbol('VerifiedBackup');

/**
 * Proof that this run's backup was re-read from disk and found complete: the
 * delete gate takes one and refuses any id it does not `has`. It cannot be
 * built except by verifyBackup (the constructor needs a module-private token,
 * and the `#` field stops a look-alike object from passing as one).
 */
export class VerifiedBackup {
  readonly #ids: ReadonlySet<string>;

  constructor(
    token: typeof MINT,
    readonly manifest: BackupManifest,
    readonly paths: BackupPaths,
    ids: ReadonlySet<string>,
  ) {
    if (token !== MINT) throw new Error('A VerifiedBackup comes only from verifyBackup().');
    this.#ids = ids;
  }

  static is(value: unknown): value is VerifiedBackup {
    return typeof value === 'object' && value !== null && #ids in value;
  }

  get runId(): string {
    return this.manifest.runId;
  }

  get connectionId(): string {
    return this.manifest.connection.id;
  }

  get size(): number {
    return this.#ids.size;
  }

  /** True when the backup holds the object with this id. */
  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** The ids of `ids` this backup does not cover (empty when all are covered). */
  uncovered(ids: Iterable<string>): string[] {
    const out: string[] = [];
    for (const id of ids) if (!this.#ids.has(id)) out.push(id);
    return out;
  }
}

/**
 * Re-reads a run's backup from disk and checks everything the manifest
 * claims, streaming the data files: the manifest parses and names this run
 * and connection; the JSONL's size and sha256 match; every line is a JSON
 * object with an id; the count matches; the ids equal `expectedIds` and hash
 * to `targetIdsSha256`; the CSV's size and sha256 match. Any mismatch throws
 * a BackupVerificationError whose `code` says which check failed.
 */
export async function verifyBackup(options: VerifyBackupOptions): Promise<VerifiedBackup> {
  const { dir, runId, expectedIds, connectionId } = options;
  const idOf = options.idOf ?? recordId;
  if (!isValidRunId(runId)) {
    throw new BackupVerificationError('invalid-run-id', `"${runId}" cannot name a backup file.`);
  }
  const paths = backupPaths(dir, runId);
  const manifest = await readManifest(paths.manifest);
  if (manifest.runId !== runId || manifest.jsonlFile !== basename(paths.jsonl)) {
    throw new BackupVerificationError(
      'stale-manifest',
      `The backup manifest belongs to run "${manifest.runId}", not "${runId}".`,
      { manifestRunId: manifest.runId },
    );
  }
  if (manifest.connection.id !== connectionId) {
    throw new BackupVerificationError(
      'connection',
      `The backup was made from connection "${manifest.connection.label}", not the one this run deletes from.`,
    );
  }
  const expectedHash = hashIdSet(expectedIds);
  if (manifest.targetIdsSha256 !== expectedHash) {
    throw new BackupVerificationError(
      'id-set',
      'The backup was made for a different set of prospects than this delete: back up again.',
    );
  }

  const ids = await readJsonlIds(paths.jsonl, manifest, idOf);
  if (ids.size !== manifest.count) {
    throw new BackupVerificationError(
      'count',
      `The backup holds ${ids.size} records; its manifest says ${manifest.count}.`,
    );
  }
  const expected = new Set(expectedIds);
  const missing = [...expected].filter((id) => !ids.has(id));
  const extra = [...ids].filter((id) => !expected.has(id));
  if (missing.length > 0 || extra.length > 0 || hashIdSet(ids) !== expectedHash) {
    throw new BackupVerificationError(
      'id-set',
      `The backup's ids differ from the delete set (${missing.length} missing, ${extra.length} extra).`,
      { missing: missing.slice(0, 100), extra: extra.slice(0, 100) },
    );
  }
  await checkFile(paths.csv, manifest.csvBytes, manifest.csvSha256);
  return new VerifiedBackup(MINT, manifest, paths, ids);
}

/**
 * Verifies a backup about to be restored from, where there is no delete set
 * to compare with: the ids come from its own JSONL, and every other check
 * (manifest, run, connection, checksums, count, id-set hash) still applies.
 */
export async function verifyBackupForRestore(options: {
  dir: string;
  runId: string;
  connectionId: string;
}): Promise<VerifiedBackup> {
  if (!isValidRunId(options.runId)) {
    throw new BackupVerificationError(
      'invalid-run-id',
      `"${options.runId}" cannot name a backup file.`,
    );
  }
  const ids: string[] = [];
  try {
    for await (const line of fileLines(backupPaths(options.dir, options.runId).jsonl)) {
      const record = parseObjectLine(line.bytes);
      // A damaged line fails verification below with its precise reason.
      if (record) ids.push(recordId(record));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return verifyBackup({ ...options, expectedIds: ids });
}

async function readManifest(path: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) {
      throw new BackupVerificationError('missing-manifest', `No backup manifest at ${path}.`);
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupVerificationError('bad-manifest', `The backup manifest ${path} is not JSON.`);
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new BackupVerificationError(
      'bad-manifest',
      `The backup manifest ${path} is not a manifest we wrote: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}

/**
 * One streaming pass over the JSONL: hashes every byte, parses every line,
 * collects the ids. Duplicate ids count once, so they surface as a count
 * mismatch. The checksum is judged first: a flipped byte is a checksum error
 * even when it also breaks a line.
 */
async function readJsonlIds(
  path: string,
  manifest: BackupManifest,
  idOf: (record: Record<string, unknown>) => string,
): Promise<Set<string>> {
  const hash = createHash('sha256');
  let bytes = 0;
  const ids = new Set<string>();
  let lines = 0;
  let bad: { line: number; why: string } | null = null;
  try {
    for await (const line of fileLines(path, (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    })) {
      lines++;
      if (bad) continue;
      if (!line.terminated) {
        bad = { line: line.number, why: 'is cut off (no newline)' };
        continue;
      }
      const record = parseObjectLine(line.bytes);
      const id = record ? safeId(idOf, record) : null;
      if (!record) bad = { line: line.number, why: 'is not a JSON object' };
      else if (id === null) bad = { line: line.number, why: 'has no id' };
      else ids.add(id);
    }
  } catch (error) {
    if (isMissing(error)) {
      throw new BackupVerificationError('missing-file', `The backup file ${path} is missing.`);
    }
    throw error;
  }
  if (bytes !== manifest.jsonlBytes || hash.digest('hex') !== manifest.jsonlSha256) {
    throw new BackupVerificationError(
      'checksum',
      `The backup file ${path} changed after it was written (size or sha256 differs).`,
    );
  }
  if (bad) {
    throw new BackupVerificationError(
      'unparseable-line',
      `Line ${bad.line} of the backup file ${path} ${bad.why}.`,
      { line: bad.line },
    );
  }
  if (lines !== manifest.count) {
    throw new BackupVerificationError(
      'count',
      `The backup file ${path} has ${lines} records; its manifest says ${manifest.count}.`,
    );
  }
  return ids;
}

async function checkFile(path: string, size: number, sha256: string): Promise<void> {
  const digest = await fileDigest(path);
  if (!digest) {
    throw new BackupVerificationError('missing-file', `The backup file ${path} is missing.`);
  }
  if (digest.bytes !== size || digest.sha256 !== sha256) {
    throw new BackupVerificationError(
      'checksum',
      `The backup file ${path} changed after it was written (size or sha256 differs).`,
    );
  }
}

function safeId(
  idOf: (record: Record<string, unknown>) => string,
  record: Record<string, unknown>,
): string | null {
  try {
    const id = idOf(record);
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
