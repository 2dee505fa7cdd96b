import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { backupConnectionSchema } from '../backup/backup-manifest';
import { fileLines, parseObjectLine } from '../backup/file-lines';
import { openDurableWriter, writeFileDurably } from '../store/atomic-write';
import { AppError } from '../app-error';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';

/**
 * One update run's folder (the app: `<dataDir>/updates/<runId>/`; the CLI:
 * its `--report DIR`). Decision 012 says how they fit together.
 *
 *   preview.csv / preview.json   every change, old → new, and the counts
 *   run.json                      what is sent, how, to which account, where the
 *                                 backup is; count, size and sha256 of the files
 *                                 below; its own sha256 last
 *   planned.jsonl                 the rows to send (PlannedRow), one per line
 *   skipped.jsonl                 outcomes of the rows never sent (unchanged,
 *                                 excluded, invalid, duplicate)
 *   run.journal                   per batch: intent → sent → outcome, fsync'd
 *                                 (update-journal.ts): what was really done
 *   outcomes.jsonl                exactly one outcome per list row, rebuilt
 *                                 from the journal after every apply, resume, retry
 *   <runId>.jsonl/.csv/.manifest.json  the pre-update backup (fresh read)
 *   success.csv / errors.csv      the outcomes split in two; no row in both
 *   revert-success.csv / revert-errors.csv  after a revert
 *
 * run.json sample:
 *   {
 *     "version": 2,
 *     "runId": "upd-20261207-100000-3fa2c1",
 *     "createdAt": "2026-12-07T10:00:00.000Z",
 *     "connection": { "id": "c_1a2b", "label": "Acme", "kind": "woodpecker", "origin": "https://api.woodpecker.co" },
 *     "list": "Q4 openers", "fileName": "Prospect Desk · Q4 openers · 2026-12-07", "batchSize": 20000,
 *     "backupCount": 312, "backup": "upd-20261207-100000-3fa2c1.manifest.json",
 *     "planned": { "count": 340, "bytes": 181234, "sha256": "5d1c…" },
 *     "skipped": { "count": 12, "bytes": 1890, "sha256": "09ab…" },
 *     "requests": 3,
 *     "counts": { "added": 28, "updated": 312, … },
 *     "outcomes": { "count": 352, "bytes": 40120, "sha256": "77e0…", "journalBytes": 9120 },
 *     "sha256": "c3f1…"
 *   }
 */
export const RUN_VERSION = 2;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** What a JSONL file of the run held when it was written. */
export const fileDigestSchema = z
  .object({
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    sha256: sha256Hex,
  })
  .strict();
export type FileDigest = z.infer<typeof fileDigestSchema>;

/** The account a run belongs to: retry, revert and resume refuse any other (run-owner.ts). */
export const runConnectionSchema = backupConnectionSchema.extend({
  companyId: z.number().int().optional(),
  /** The API's origin (never a key): what `--key-rotated` compares. */
  origin: z.string().optional(),
});
export type RunConnection = z.infer<typeof runConnectionSchema>;

const counts = z.record(z.string(), z.number().int().nonnegative());

export const updateRunSchema = z
  .object({
    version: z.literal(RUN_VERSION),
    runId: z.string().min(1),
    createdAt: z.string(),
    connection: runConnectionSchema,
    list: z.string(),
    fileName: z.string().min(1),
    batchSize: z.number().int().positive(),
    /** Ids backed up before sending (prospects about to change, read fresh). */
    backupCount: z.number().int().nonnegative(),
    /** The backup's manifest file, in the run folder. */
    backup: z.string().min(1),
    planned: fileDigestSchema,
    skipped: fileDigestSchema,
    /**
     * outcomes.jsonl as last written (absent until the first apply ends), and
     * the size of run.journal it was rebuilt from: a journal that grew since
     * means the file is behind it (a kill before the rebuild).
     */
    outcomes: fileDigestSchema
      .extend({ journalBytes: z.number().int().nonnegative() })
      .strict()
      .optional(),
    /** Outcome counts as of the last write. */
    counts: counts.optional(),
    requests: z.number().int().nonnegative(),
    reverted: z.boolean().optional(),
  })
  .strict();
export type UpdateRun = z.infer<typeof updateRunSchema>;

/** run.json as written before version 2 (no checksums): legacy-run.ts verifies what it can. */
export const legacyRunSchema = z.object({
  version: z.literal(1),
  runId: z.string().min(1),
  createdAt: z.string(),
  connection: runConnectionSchema,
  list: z.string(),
  fileName: z.string().min(1),
  batchSize: z.number().int().positive(),
  backupCount: z.number().int().nonnegative(),
  backup: z.string().optional(),
  plannedCount: z.number().int().nonnegative().optional(),
  counts: counts.optional(),
  requests: z.number().int().nonnegative(),
  reverted: z.boolean().optional(),
});
export type LegacyRun = z.infer<typeof legacyRunSchema>;

export function updatePaths(dir: string) {
  return {
    run: join(dir, 'run.json'),
    planned: join(dir, 'planned.jsonl'),
    skipped: join(dir, 'skipped.jsonl'),
    journal: join(dir, 'run.journal'),
    outcomes: join(dir, 'outcomes.jsonl'),
    previewCsv: join(dir, 'preview.csv'),
    previewJson: join(dir, 'preview.json'),
    success: join(dir, 'success.csv'),
    errors: join(dir, 'errors.csv'),
    revertSuccess: join(dir, 'revert-success.csv'),
    revertErrors: join(dir, 'revert-errors.csv'),
    /** Held while apply, resume, retry or revert runs (store/lease-lock.ts). */
    lock: join(dir, 'run.lock'),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What to do about a damaged file, said once for all of them. */
const DAMAGED_ADVICE =
  "the run's files cannot be trusted, so nothing was sent. Restore the run folder from a copy, or preview the list again and apply a new update";

/** The one-line refusal for a run file that is not as written (AppError 'conflict'). */
export function damagedFile(path: string, what: string): AppError {
  return new AppError('conflict', `${path} ${what}: ${DAMAGED_ADVICE}.`, { path });
}

/**
 * Writes run.json durably, its sha256 last: it covers the exact bytes before
 * it, so checking never depends on re-serialising parsed JSON (as the
 * journal's line checksums).
 */
export async function writeRun(dir: string, run: UpdateRun): Promise<void> {
  const body = JSON.stringify(updateRunSchema.parse(run), null, 2);
  await writeFileDurably(
    updatePaths(dir).run,
    `${body.slice(0, -2)},\n  "sha256": "${sha256(body)}"\n}\n`,
  );
}

const RUN_CHECKSUM = /,\n {2}"sha256": "([0-9a-f]{64})"\n\}\n$/;

export type RunFile = { version: 2; run: UpdateRun } | { version: 1; run: LegacyRun };

/**
 * Reads run.json: a current one only when its checksum and fields hold, an
 * older one (version 1, no checksum) as it is, for legacy-run.ts to verify.
 * Missing: AppError 'not_found'. Anything else wrong: 'conflict', one line.
 */
export async function readRunFile(dir: string): Promise<RunFile> {
  const path = updatePaths(dir).run;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('not_found', `${dir} holds no update run (run.json is missing).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damagedFile(path, 'is not JSON');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version === 1) {
    const legacy = legacyRunSchema.safeParse(json);
    if (!legacy.success) throw damagedFile(path, 'is not an update run');
    return { version: 1, run: legacy.data };
  }
  if (typeof version === 'number' && version > RUN_VERSION) {
    throw new AppError(
      'conflict',
      `${path} was written by a newer version of Prospect Desk: update the app to use this run.`,
    );
  }
  const match = RUN_CHECKSUM.exec(text);
  if (!match || sha256(`${text.slice(0, match.index)}\n}`) !== match[1]) {
    throw damagedFile(path, 'was changed after it was written (its sha256 does not match)');
  }
  const { sha256: _checksum, ...rest } = json as Record<string, unknown>;
  const parsed = updateRunSchema.safeParse(rest);
  if (!parsed.success) throw damagedFile(path, 'is not an update run this version can read');
  return { version: 2, run: parsed.data };
}

/** A current run.json (an older one is refused: legacy-run.ts upgrades it under the run's lock). */
export async function readRun(dir: string): Promise<UpdateRun> {
  const file = await readRunFile(dir);
  if (file.version === 1) {
    throw new AppError(
      'conflict',
      `${updatePaths(dir).run} was written by an older version: retry, revert or resume it once to check and upgrade it.`,
    );
  }
  return file.run;
}

/** Writes values one JSON per line, durably (temp file, fsync, rename); what it wrote. */
export async function writeJsonLines(path: string, values: Iterable<unknown>): Promise<FileDigest> {
  let count = 0;
  const digest = await writePieces(
    path,
    (function* () {
      for (const value of values) {
        count++;
        yield `${JSON.stringify(value)}\n`;
      }
    })(),
  );
  return { count, ...digest };
}

/**
 * Writes text pieces durably, about 1 MiB at a time: a million rows never
 * become one string (V8's string limit, performance-facts.md). Returns the
 * size and sha256 of what it wrote.
 */
export async function writePieces(
  path: string,
  pieces: Iterable<string> | AsyncIterable<string>,
): Promise<{ bytes: number; sha256: string }> {
  const writer = await openDurableWriter(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const flush = async (chunk: string) => {
    const data = Buffer.from(chunk, 'utf8');
    hash.update(data);
    bytes += data.length;
    await writer.write(data);
  };
  try {
    let chunk = '';
    for await (const piece of pieces) {
      chunk += piece;
      if (chunk.length > 1 << 20) {
        await flush(chunk);
        chunk = '';
      }
    }
    await flush(chunk);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Reads a JSONL file the run wrote and checks it is exactly that: as many
 * lines as recorded, the same size and sha256, every line a JSON object
 * `parse` accepts. Anything else — a cut at a line end, a flipped byte, an
 * edited field — is refused with one line naming the file.
 */
export async function readJsonLinesChecked<T>(
  path: string,
  digest: FileDigest,
  parse: (value: Record<string, unknown>) => T | null,
): Promise<T[]> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out: T[] = [];
  let bad: string | null = null;
  let lines = 0;
  try {
    for await (const line of fileLines(path, (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    })) {
      lines++;
      if (bad) continue;
      const object = line.terminated ? parseObjectLine(line.bytes) : null;
      const value = object && parse(object);
      if (!line.terminated) bad = `is cut short at line ${line.number}`;
      else if (value === null || value === undefined)
        bad = `has a line that is not a valid row (line ${line.number})`;
      else out.push(value);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw damagedFile(path, 'is missing');
    throw error;
  }
  if (lines !== digest.count) {
    throw damagedFile(path, `holds ${lines} rows where ${digest.count} were written`);
  }
  if (bytes !== digest.bytes || hash.digest('hex') !== digest.sha256) {
    throw damagedFile(path, 'was changed after it was written (its size or sha256 differs)');
  }
  if (bad) throw damagedFile(path, bad);
  return out;
}

/**
 * Reads a JSONL file without a digest (runs written before version 2): every
 * line must still be a JSON object with its newline that `parse` accepts.
 */
export async function readJsonLinesUnchecked<T>(
  path: string,
  parse: (value: Record<string, unknown>) => T | null,
): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const line of fileLines(path)) {
      const object = line.terminated ? parseObjectLine(line.bytes) : null;
      const value = object && parse(object);
      if (value === null || value === undefined) {
        throw damagedFile(
          path,
          `is damaged at line ${line.number} (${line.terminated ? 'not a valid row' : 'cut short'})`,
        );
      }
      out.push(value);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw damagedFile(path, 'is missing');
    throw error;
  }
  return out;
}

const plannedRowSchema = z.object({
  row: z.number().int().nonnegative(),
  kind: z.enum(['new', 'changed']),
  email: z.string(),
  prospectId: z.number().int().nullable(),
  update: z.looseObject({ email: z.string().min(1) }),
  changes: z.array(z.looseObject({ field: z.string(), old: z.string(), new: z.string() })),
});

export const rowOutcomeSchema = z
  .object({
    row: z.number().int().nonnegative(),
    email: z.string(),
    prospectId: z.number().int().nullable(),
    outcome: z.enum(['updated', 'added', 'unchanged', 'failed', 'unknown']),
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .strict();

export const parsePlannedRow = (value: Record<string, unknown>): PlannedRow | null => {
  const parsed = plannedRowSchema.safeParse(value);
  return parsed.success ? (value as unknown as PlannedRow) : null;
};

export const parseRowOutcome = (value: Record<string, unknown>): RowOutcome | null => {
  const parsed = rowOutcomeSchema.safeParse(value);
  return parsed.success ? (parsed.data as RowOutcome) : null;
};

/** The planned rows of a current run, checked against run.json. */
export const readPlanned = (dir: string, run: UpdateRun): Promise<PlannedRow[]> =>
  readJsonLinesChecked(updatePaths(dir).planned, run.planned, parsePlannedRow);

/** The outcomes of the rows never sent, checked against run.json. */
export const readSkipped = (dir: string, run: UpdateRun): Promise<RowOutcome[]> =>
  readJsonLinesChecked(updatePaths(dir).skipped, run.skipped, parseRowOutcome);
