import { CHANGED_SINCE_PREVIEW } from '../../shared/update/update-results';
import { fileDigest } from '../store/file-digest';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';
import { countOutcomes } from './outcome-counts';
import {
  parsePlannedRow,
  parseRowOutcome,
  readJsonLinesUnchecked,
  updatePaths,
  writeJsonLines,
  writeRun,
} from './update-files';
import type { LegacyRun, UpdateRun } from './update-files';
import { encodeUpdateJournalLine, toJournalOutcome } from './update-journal';
import type { UpdateJournalEntry } from './update-journal';

const COUNT_KEYS = ['added', 'updated', 'unchanged', 'invalid', 'failed', 'unknown'] as const;

/**
 * A run written before run files carried checksums (run.json version 1).
 * It is trusted only as far as it can be checked: run.json must have
 * recorded how many rows were planned and the outcome counts, planned.jsonl
 * must hold that many rows, outcomes.jsonl one outcome per row whose counts
 * are exactly run.json's, and every planned row an outcome for its email. A
 * run that fails any of these, or never recorded them, cannot be trusted and
 * is refused. Decision 012.
 */
export async function verifyLegacyRun(
  dir: string,
  run: LegacyRun,
): Promise<{ planned: PlannedRow[]; outcomes: RowOutcome[] }> {
  const paths = updatePaths(dir);
  const untrusted = (why: string) =>
    new AppError(
      'conflict',
      `${paths.run} was written by an older version and ${why}, so the run cannot be trusted: nothing was sent. Preview the list again and apply a new update; its backup (${run.runId}.jsonl) is still in the folder.`,
      { path: paths.run },
    );
  if (run.plannedCount === undefined || run.counts === undefined) {
    throw untrusted('did not record its row counts to check its files against');
  }
  const planned = await readJsonLinesUnchecked(paths.planned, parsePlannedRow);
  if (planned.length !== run.plannedCount) {
    throw untrusted(
      `planned.jsonl holds ${planned.length} rows where ${run.plannedCount} were planned`,
    );
  }
  const outcomes = await readJsonLinesUnchecked(paths.outcomes, parseRowOutcome);
  const counts = countOutcomes(outcomes);
  const mismatch = COUNT_KEYS.find((key) => (run.counts![key] ?? 0) !== counts[key]);
  if (mismatch) {
    throw untrusted(
      `outcomes.jsonl holds ${outcomes.length} rows that do not add up to the counts it recorded (${mismatch}: ${counts[mismatch]}, recorded ${run.counts[mismatch] ?? 0})`,
    );
  }
  const byRow = new Map<number, RowOutcome>();
  for (const outcome of outcomes) {
    if (byRow.has(outcome.row)) throw untrusted(`outcomes.jsonl names row ${outcome.row} twice`);
    byRow.set(outcome.row, outcome);
  }
  for (const row of planned) {
    if (byRow.get(row.row)?.email !== row.email) {
      throw untrusted(`outcomes.jsonl has no outcome for planned row ${row.row}`);
    }
  }
  return { planned, outcomes };
}

/**
 * Checks an older run (verifyLegacyRun) and gives it what a current run
 * has, under the run's lock: skipped.jsonl, a journal that takes its
 * outcomes over, and a version 2 run.json with checksums, written last. A
 * crash before that leaves run.json as it was, and the next execution does
 * this again from the same files (the journal is only believed once run.json
 * is version 2).
 */
export async function upgradeLegacyRun(dir: string, run: LegacyRun): Promise<UpdateRun> {
  const paths = updatePaths(dir);
  const { planned, outcomes } = await verifyLegacyRun(dir, run);
  const plannedRows = new Set(planned.map((p) => p.row));
  const skipped = outcomes.filter((o) => !plannedRows.has(o.row));
  const ofPlanned = outcomes.filter((o) => plannedRows.has(o.row));
  const held = ofPlanned.filter((o) => o.code === CHANGED_SINCE_PREVIEW);
  const rest = ofPlanned.filter((o) => o.code !== CHANGED_SINCE_PREVIEW);
  const at = new Date().toISOString();
  const entries: UpdateJournalEntry[] = [
    { seq: 1, type: 'held', outcomes: held.map(toJournalOutcome), at },
    { seq: 2, type: 'settled', via: 'imported', outcomes: rest.map(toJournalOutcome), at },
    { seq: 3, type: 'end', op: 'apply', state: 'finished', at },
  ];
  await writeFileDurably(paths.journal, entries.map(encodeUpdateJournalLine).join(''));
  const skippedDigest = await writeJsonLines(paths.skipped, skipped);
  const [plannedFile, outcomesFile, journalFile] = await Promise.all([
    fileDigest(paths.planned),
    fileDigest(paths.outcomes),
    fileDigest(paths.journal),
  ]);
  const upgraded: UpdateRun = {
    version: 2,
    runId: run.runId,
    createdAt: run.createdAt,
    connection: run.connection,
    list: run.list,
    fileName: run.fileName,
    batchSize: run.batchSize,
    backupCount: run.backupCount,
    backup: run.backup ?? `${run.runId}.manifest.json`,
    planned: { count: planned.length, ...plannedFile! },
    skipped: skippedDigest,
    outcomes: { count: outcomes.length, ...outcomesFile!, journalBytes: journalFile!.bytes },
    counts: run.counts!,
    requests: run.requests,
    ...(run.reverted !== undefined && { reverted: run.reverted }),
  };
  await writeRun(dir, upgraded);
  return upgraded;
}
