import { stat } from 'node:fs/promises';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import { verifyLegacyRun } from './legacy-run';
import {
  parseRowOutcome,
  readJsonLinesChecked,
  readPlanned,
  readRunFile,
  readSkipped,
  updatePaths,
} from './update-files';
import { readUpdateJournal, replayUpdateJournal, toRowOutcome } from './update-journal';
import type { UpdateJournalReplay } from './update-journal';

export const CANCELLED_CODE = 'CANCELLED';
/** A planned row an interrupted apply had not sent yet: resume (or retry) sends it. */
export const NOT_SENT_CODE = 'NOT_SENT';

/** How a planned row with no journaled outcome reads: not sent yet, or cancelled. */
export function notSentYet(row: PlannedRow, applyEnd: 'finished' | 'cancelled' | null): RowOutcome {
  const base = { row: row.row, email: row.email, prospectId: row.prospectId };
  return applyEnd === 'cancelled'
    ? {
        ...base,
        outcome: 'failed',
        code: CANCELLED_CODE,
        message: 'Cancelled before it was sent; retry failed rows to send it.',
      }
    : {
        ...base,
        outcome: 'failed',
        code: NOT_SENT_CODE,
        message: 'The update stopped before this row was sent: resume the update to send it.',
      };
}

/**
 * Every list row's outcome, in row order: the skipped rows as the preview
 * left them, each planned row's latest journaled outcome (or "not sent").
 * The one way outcomes.jsonl is made.
 */
export function foldOutcomes(
  planned: readonly PlannedRow[],
  skipped: readonly RowOutcome[],
  replay: UpdateJournalReplay,
): RowOutcome[] {
  const out: RowOutcome[] = [...skipped];
  for (const row of planned) {
    const journaled = replay.rows.get(row.row);
    out.push(journaled ? toRowOutcome(journaled, row.email) : notSentYet(row, replay.applyEnd));
  }
  return out.sort((a, b) => a.row - b.row);
}

/**
 * A run's outcomes for reading (the app's results view, the CLI's summary),
 * without its lock: outcomes.jsonl when it is what run.json recorded and the
 * journal has not grown since, otherwise rebuilt in memory from the journal
 * (a kill can leave the file behind the journal). Damaged run files throw, as everywhere. An older run
 * is read only when its counts check out (legacy-run.ts).
 */
export async function readOutcomes(dir: string): Promise<RowOutcome[]> {
  const file = await readRunFile(dir);
  if (file.version === 1) return (await verifyLegacyRun(dir, file.run)).outcomes;
  const { run } = file;
  const paths = updatePaths(dir);
  const journalBytes = await stat(paths.journal).then(
    (s) => s.size,
    () => -1,
  );
  if (run.outcomes && run.outcomes.journalBytes === journalBytes) {
    try {
      return await readJsonLinesChecked(paths.outcomes, run.outcomes, parseRowOutcome);
    } catch {
      // Not what was recorded: the journal says what is true.
    }
  }
  const [planned, skipped, journal] = await Promise.all([
    readPlanned(dir, run),
    readSkipped(dir, run),
    readJournalReplay(paths.journal),
  ]);
  return foldOutcomes(planned, skipped, journal);
}

/** A journal's replay; an apply killed before its first entry has an empty one. */
export async function readJournalReplay(path: string): Promise<UpdateJournalReplay> {
  try {
    return replayUpdateJournal((await readUpdateJournal(path)).entries);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return replayUpdateJournal([]);
  }
}
