import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory } from '../store/atomic-write';
import { JournalCorruptError } from './backup-errors';
import { decodeJournalLine, encodeJournalLine } from './journal-entry';
import type { JournalEntry, JournalEntryInput } from './journal-entry';
import { JournalState } from './journal-replay';
import type { JournalReplay } from './journal-replay';

export { replayJournal } from './journal-replay';
export type { BatchState, BatchStatus, JournalReplay } from './journal-replay';
export type { JournalEntry, JournalEntryInput, JournalOutcome } from './journal-entry';

/**
 * The last line, dropped because it was cut off by a crash (or is otherwise
 * unreadable). Its append never returned, so nothing it described happened.
 */
export interface TornLine {
  /** Byte offset where the dropped line starts (= `validBytes`). */
  offset: number;
  bytes: number;
  reason: string;
}

export interface JournalContents {
  entries: JournalEntry[];
  torn: TornLine | null;
  /** Bytes of the file up to the end of the last good line. */
  validBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a write-ahead journal (`<runId>.journal`). A torn or unreadable LAST
 * line is ignored and reported: a crash mid-append leaves exactly that. Any
 * other bad line, or a seq gap, throws JournalCorruptError: the run cannot
 * know where it stopped, so it must not continue. A line counts only with its
 * newline, which is written and fsync'd with it. A missing file throws ENOENT.
 */
export async function readJournal(path: string): Promise<JournalContents> {
  const data = await readFile(path);
  const entries: JournalEntry[] = [];
  let offset = 0;
  let expectedSeq = 1;
  while (offset < data.length) {
    const newline = data.indexOf(0x0a, offset);
    const end = newline === -1 ? data.length : newline;
    const isLast = newline === -1 || newline + 1 === data.length;
    const decoded =
      newline === -1
        ? { ok: false as const, reason: 'cut off (no newline)' }
        : decode(data, offset, end);
    if (!decoded.ok) {
      if (isLast) {
        return {
          entries,
          torn: { offset, bytes: data.length - offset, reason: decoded.reason },
          validBytes: offset,
        };
      }
      throw new JournalCorruptError(
        'bad-line',
        `Journal ${path} is damaged at entry ${entries.length + 1} (${decoded.reason}); the run cannot resume safely.`,
        { line: entries.length + 1, offset },
      );
    }
    if (decoded.entry.seq !== expectedSeq) {
      throw new JournalCorruptError(
        'seq-gap',
        `Journal ${path} jumps from entry ${expectedSeq - 1} to ${decoded.entry.seq}.`,
        { seq: decoded.entry.seq, expected: expectedSeq },
      );
    }
    entries.push(decoded.entry);
    expectedSeq++;
    offset = end + 1;
  }
  return { entries, torn: null, validBytes: offset };
}

function decode(data: Buffer, start: number, end: number): ReturnType<typeof decodeJournalLine> {
  let line: string;
  try {
    line = utf8.decode(data.subarray(start, end));
  } catch {
    return { ok: false, reason: 'not UTF-8' };
  }
  return decodeJournalLine(line);
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
 * on corruption), and cuts off a torn last line so the next entry starts on a
 * fresh line.
 */
export async function openJournal(
  path: string,
  options: { now?: () => Date } = {},
): Promise<Journal> {
  const now = options.now ?? (() => new Date());
  const state = new JournalState();
  let torn: TornLine | null = null;
  let created = false;
  try {
    const contents = await readJournal(path);
    for (const entry of contents.entries) state.apply(entry);
    torn = contents.torn;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = true;
  }
  const handle: FileHandle = await open(path, 'a');
  try {
    if (torn) {
      await handle.truncate(torn.offset);
      await handle.sync();
    }
    if (created) await fsyncDirectory(dirname(path));
  } catch (error) {
    await handle.close();
    throw error;
  }

  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const write = async (input: JournalEntryInput): Promise<JournalEntry> => {
    if (closed) throw new Error(`Journal ${path} is closed`);
    const entry = toEntry(input, state.lastSeq + 1, now().toISOString());
    // Check before writing: a refused entry never reaches the disk.
    state.check(entry);
    try {
      await handle.write(encodeJournalLine(entry));
      await handle.sync();
    } catch (error) {
      // A half-written line may be on disk: appending after it would bury it
      // mid-file. Stop here; reopening cuts it off as a torn last line.
      closed = true;
      await handle.close().catch(() => undefined);
      throw error;
    }
    state.apply(entry);
    return entry;
  };
  return {
    path,
    torn,
    state: () => state.snapshot(),
    append(input) {
      const result = queue.then(() => write(input));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (closed) return;
      closed = true;
      await handle.close();
    },
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
