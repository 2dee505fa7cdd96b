import { JournalCorruptError } from '../backup/backup-errors';
import { openJournal, readJournal, replayJournal } from '../backup/journal';
import type { Journal, JournalReplay } from '../backup/journal';
import type { RunPaths } from './run-files';

/**
 * A delete run's journal, opened or read so that damage stops the run with
 * one line naming the file and what to do. Only a last line without its
 * newline is a torn write (journal.ts); a complete line that fails its
 * checksum anywhere, a gap or an impossible entry means where the run stopped
 * is unknown, and guessing could send a batch again: the run sends nothing.
 */
export interface RunJournalContext {
  paths: Pick<RunPaths, 'journal' | 'manifest'>;
  runId: string;
  /** What the user can do instead, e.g. "Start a new run for the same targets". */
  advice: string;
}

/** The usual advice for a run whose targets are read fresh by a new run. */
export function newRunAdvice(what: string, manifest: string): string {
  return `Start a new run for the same ${what} (it backs up and changes only what is still there), or restore from its backup (${manifest}).`;
}

/** openJournal, with damage reported as `journalDamaged` says. */
export async function openRunJournal(
  context: RunJournalContext,
  options: { now?: () => Date } = {},
): Promise<Journal> {
  try {
    return await openJournal(context.paths.journal, options);
  } catch (error) {
    throw journalDamaged(error, context);
  }
}

/** The journal's replay, or null when the run has none yet; damage as `journalDamaged` says. */
export async function readRunJournal(context: RunJournalContext): Promise<JournalReplay | null> {
  try {
    return replayJournal((await readJournal(context.paths.journal)).entries);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw journalDamaged(error, context);
  }
}

/** A JournalCorruptError restated for the user (same code); anything else unchanged. */
export function journalDamaged(error: unknown, context: RunJournalContext): unknown {
  if (!(error instanceof JournalCorruptError)) return error;
  const { details } = error;
  const what =
    error.code === 'bad-line'
      ? `entry ${String(details.line)}: ${String(details.reason ?? 'unreadable')}`
      : error.code === 'seq-gap'
        ? 'entries are missing or repeated'
        : `entry ${String(details.seq)} cannot follow the entries before it`;
  return new JournalCorruptError(
    error.code,
    `The journal ${context.paths.journal} is damaged (${what}), so where run ${context.runId} stopped cannot be known: it stops here and sends nothing. ${context.advice}`,
    details,
  );
}
