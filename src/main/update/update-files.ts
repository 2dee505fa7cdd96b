import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { backupConnectionSchema } from '../backup/backup-manifest';
import { fileLines } from '../backup/file-lines';
import { openDurableWriter, writeFileDurably } from '../store/atomic-write';
import { AppError } from '../app-error';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';

/**
 * One update run's folder (the app: `<dataDir>/updates/<runId>/`; the CLI:
 * its `--report DIR`):
 *
 *   preview.csv / preview.json   every change, old → new, and the counts
 *   run.json                      what was sent, how, and where the backup is
 *   planned.jsonl                 the rows sent (PlannedRow), one per line
 *   outcomes.jsonl                exactly one outcome per list row
 *   <runId>.jsonl/.csv/.manifest.json  the pre-update backup (fresh read)
 *   success.csv / errors.csv      the outcomes split in two; no row in both
 *   revert-success.csv / revert-errors.csv  after a revert
 */
export const updateRunSchema = z.object({
  version: z.literal(1),
  runId: z.string().min(1),
  createdAt: z.string(),
  connection: backupConnectionSchema.extend({ companyId: z.number().int().optional() }),
  list: z.string(),
  fileName: z.string().min(1),
  batchSize: z.number().int().positive(),
  /** Ids backed up before sending (prospects about to change, read fresh). */
  backupCount: z.number().int().nonnegative(),
  /** The backup's manifest file, in the run folder (runs before it was recorded lack it). */
  backup: z.string().optional(),
  /** Rows planned for sending (planned.jsonl holds them). */
  plannedCount: z.number().int().nonnegative().optional(),
  /** Outcome counts as of the last write (after apply, retry); outcomes.jsonl has the rows. */
  counts: z.record(z.string(), z.number().int().nonnegative()).optional(),
  requests: z.number().int().nonnegative(),
  reverted: z.boolean().optional(),
});
export type UpdateRun = z.infer<typeof updateRunSchema>;

export function updatePaths(dir: string) {
  return {
    run: join(dir, 'run.json'),
    planned: join(dir, 'planned.jsonl'),
    outcomes: join(dir, 'outcomes.jsonl'),
    previewCsv: join(dir, 'preview.csv'),
    previewJson: join(dir, 'preview.json'),
    success: join(dir, 'success.csv'),
    errors: join(dir, 'errors.csv'),
    revertSuccess: join(dir, 'revert-success.csv'),
    revertErrors: join(dir, 'revert-errors.csv'),
  };
}

export async function writeRun(dir: string, run: UpdateRun): Promise<void> {
  await writeFileDurably(updatePaths(dir).run, `${JSON.stringify(run, null, 2)}\n`);
}

export async function readRun(dir: string): Promise<UpdateRun> {
  let text: string;
  try {
    text = await readFile(updatePaths(dir).run, 'utf8');
  } catch {
    throw new AppError('not_found', `${dir} holds no update run (run.json is missing).`);
  }
  const parsed = updateRunSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new AppError('conflict', `${dir}/run.json is not a valid update run.`);
  return parsed.data;
}

/** Writes values one JSON per line, durably (temp file, fsync, rename). */
export async function writeJsonLines(path: string, values: Iterable<unknown>): Promise<void> {
  await writePieces(
    path,
    (function* () {
      for (const value of values) yield `${JSON.stringify(value)}\n`;
    })(),
  );
}

/**
 * Writes text pieces durably, about 1 MiB at a time: a million rows never
 * become one string (V8's string limit, performance-facts.md).
 */
export async function writePieces(
  path: string,
  pieces: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const writer = await openDurableWriter(path);
  try {
    let chunk = '';
    for await (const piece of pieces) {
      chunk += piece;
      if (chunk.length > 1 << 20) {
        await writer.write(chunk);
        chunk = '';
      }
    }
    await writer.write(chunk);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

export async function readJsonLines<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  const decoder = new TextDecoder();
  for await (const line of fileLines(path)) out.push(JSON.parse(decoder.decode(line.bytes)) as T);
  return out;
}

export const readPlanned = (dir: string) => readJsonLines<PlannedRow>(updatePaths(dir).planned);
export const readOutcomes = (dir: string) => readJsonLines<RowOutcome>(updatePaths(dir).outcomes);
