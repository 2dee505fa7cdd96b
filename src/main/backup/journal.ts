import { openChecksummedLog, readChecksummedLog } from './checksummed-log';
import type { LogContents, TornLine } from './checksummed-log';
import { decodeJournalLine, encodeJournalLine } from './journal-entry';
import type { JournalEntry, JournalEntryInput } from './journal-entry';
import { JournalState } from './journal-replay';
import type { JournalReplay } from './journal-replay';

export { replayJournal } from './journal-replay';
export type { BatchState, BatchStatus, JournalReplay } from './journal-replay';
export type { JournalEntry, JournalEntryInput, JournalOutcome } from './journal-entry';
export type { TornLine } from './checksummed-log';

export type JournalContents = LogContents<JournalEntry>;

/**
 * Reads a write-ahead journal (`<runId>.journal`). Only a LAST line without
 * its newline is a torn write (a crash mid-append leaves exactly that): it is
 * ignored and reported. Any other bad line — a complete last line whose
 * checksum fails included — or a seq gap throws JournalCorruptError: the run
 * cannot know where it stopped, so it must not continue (dropping a damaged
 * `outcome` would make its batch look unsent and send it again). A line
 * counts only with its newline, which is written and fsync'd with it. A
 * missing file throws ENOENT. (The line format and its reading are
 * checksummed-log.ts, shared with the update journal.)
 */
export async function readJournal(path: string): Promise<JournalContents> {
  return readChecksummedLog(path, decodeJournalLine, { onlyUnterminatedIsTorn: true });
}

/** An open journal: appends are durable before they return, one at a time. */
export interface Journal {
  readonly path: string;
  /** The torn last line dropped when the journal was opened, if any. */
  readonly torn: TornLine | null;
  /** Batch states including every append so far. */
  state(): JournalReplay;
  /**
   * Writes the entry and fsyncs before resolving: only then may the caller act
   * on it (send after `sent`, move on after `outcome`). Refuses an entry that
   * cannot follow the journal (JournalCorruptError 'invalid-transition').
   */
  append(entry: JournalEntryInput): Promise<JournalEntry>;
  close(): Promise<void>;
}

/**
 * Opens (or creates) a journal for appending. Replays what is there (throwing
 * on corruption, as readJournal), and cuts off a torn last line so the next
 * entry starts on a fresh line.
 */
export async function openJournal(
  path: string,
  options: { now?: () => Date } = {},
): Promise<Journal> {
  const state = new JournalState();
  const log = await openChecksummedLog<JournalEntry, JournalEntryInput>(path, {
    decodeLine: decodeJournalLine,
    encodeLine: encodeJournalLine,
    toEntry,
    state,
    onlyUnterminatedIsTorn: true,
    ...(options.now && { now: options.now }),
  });
  return {
    path,
    torn: log.torn,
    state: () => state.snapshot(),
    append: (input) => log.append(input),
    close: () => log.close(),
  };
}

function toEntry(input: JournalEntryInput, seq: number, at: string): JournalEntry {
  switch (input.type) {
    case 'intent':
      return { seq, type: 'intent', batch: input.batch, ids: [...input.ids], at };
    case 'sent':
      return { seq, type: 'sent', batch: input.batch, at };
    case 'outcome':
      return { seq, type: 'outcome', batch: input.batch, outcome: input.outcome, at };
  }
}
