import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { fsyncDirectory } from '../store/atomic-write';
import { JournalCorruptError } from './backup-errors';

/**
 * The write-ahead log under both journals: the delete journal (journal.ts)
 * and the update journal (update/update-journal.ts). One JSON object per
 * line, `seq` first and counting from 1, a checksum of the line last:
 *
 *   {"seq":1,"type":"intent","batch":0,"ids":["101"],"at":"2026-11-23T02:00:00.000Z","crc":"3fa2…"}
 *
 * Each append is written and fsync'd before it returns. A crash mid-append
 * can only leave a torn LAST line; anything else wrong is damage.
 */
export interface LogEntry {
  seq: number;
}

const CRC = /,"crc":"([0-9a-f]{16})"\}$/;

/** First 16 hex digits of the sha256 of a line's JSON without its `crc` field. */
export function lineChecksum(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}

/**
 * One line from a JSON object's text (`{…}`), `crc` last, newline included.
 * The checksum covers the exact bytes before `,"crc"` (plus the closing
 * brace), so checking it never depends on re-serialising parsed JSON.
 */
export function encodeChecksummedLine(body: string): string {
  return `${body.slice(0, -1)},"crc":"${lineChecksum(body)}"}\n`;
}

export type DecodedLine<E> = { ok: true; entry: E } | { ok: false; reason: string };

/** Parses one line (without its newline) with `schema`; the reason when it is not a valid entry. */
export function decodeChecksummedLine<E>(line: string, schema: z.ZodType<E>): DecodedLine<E> {
  const match = CRC.exec(line);
  if (!match) return { ok: false, reason: 'no checksum' };
  const body = `${line.slice(0, match.index)}}`;
  if (lineChecksum(body) !== match[1]) return { ok: false, reason: 'checksum mismatch' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, entry: parsed.data }
    : { ok: false, reason: 'not a journal entry' };
}

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

export interface LogContents<E> {
  entries: E[];
  torn: TornLine | null;
  /** Bytes of the file up to the end of the last good line. */
  validBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How strictly a log's last line is read. */
export interface ReadLogOptions {
  /**
   * When true, only a last line WITHOUT its newline is a torn write. A
   * complete last line (newline included) that fails its checksum or does not
   * parse is damage and throws like any other: the newline is the last byte of
   * an append, so a crash cannot leave a complete line with wrong bytes before
   * it, and dropping such a line would forget an entry that was written (a
   * flipped byte in an `outcome` once made a batch of 368 ids look unsent).
   * Default false: any unreadable last line is dropped as torn.
   */
  onlyUnterminatedIsTorn?: boolean;
}

/**
 * Reads a log. A torn or unreadable LAST line is ignored and reported: a
 * crash mid-append leaves exactly that (with `onlyUnterminatedIsTorn`, only a
 * last line without its newline). Any other bad line, or a seq gap, throws
 * JournalCorruptError: the run cannot know where it stopped, so it must not
 * continue. A line counts only with its newline, which is written and
 * fsync'd with it. A missing file throws ENOENT.
 */
export async function readChecksummedLog<E extends LogEntry>(
  path: string,
  decodeLine: (line: string) => DecodedLine<E>,
  options: ReadLogOptions = {},
): Promise<LogContents<E>> {
  const data = await readFile(path);
  const entries: E[] = [];
  let offset = 0;
  let expectedSeq = 1;
  while (offset < data.length) {
    const newline = data.indexOf(0x0a, offset);
    const end = newline === -1 ? data.length : newline;
    const isLast = newline === -1 || newline + 1 === data.length;
    const decoded: DecodedLine<E> =
      newline === -1
        ? { ok: false, reason: 'cut off (no newline)' }
        : decode(data, offset, end, decodeLine);
    if (!decoded.ok) {
      if (isLast && (newline === -1 || !options.onlyUnterminatedIsTorn)) {
        return {
          entries,
          torn: { offset, bytes: data.length - offset, reason: decoded.reason },
          validBytes: offset,
        };
      }
      throw new JournalCorruptError(
        'bad-line',
        `Journal ${path} is damaged at entry ${entries.length + 1} (${decoded.reason}); the run cannot resume safely.`,
        { line: entries.length + 1, offset, reason: decoded.reason },
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

function decode<E>(
  data: Buffer,
  start: number,
  end: number,
  decodeLine: (line: string) => DecodedLine<E>,
): DecodedLine<E> {
  let line: string;
  try {
    line = utf8.decode(data.subarray(start, end));
  } catch {
    return { ok: false, reason: 'not UTF-8' };
  }
  return decodeLine(line);
}

/** What a log needs to know about its entries to append them. */
export interface LogSpec<E extends LogEntry, I> {
  decodeLine(line: string): DecodedLine<E>;
  encodeLine(entry: E): string;
  /** The entry an input becomes, with its seq and time. */
  toEntry(input: I, seq: number, at: string): E;
  /** Running state: throws when an entry cannot follow the ones applied so far. */
  state: { readonly lastSeq: number; check(entry: E): unknown; apply(entry: E): void };
  now?: () => Date;
  /** See ReadLogOptions (default false). */
  onlyUnterminatedIsTorn?: boolean;
}

/** An open log: appends are durable before they return, one at a time. */
export interface AppendLog<E, I> {
  readonly path: string;
  /** The torn last line dropped when the log was opened, if any. */
  readonly torn: TornLine | null;
  /**
   * Writes the entry and fsyncs before resolving: only then may the caller act
   * on it. Refuses an entry the state refuses (nothing reaches the disk).
   */
  append(input: I): Promise<E>;
  close(): Promise<void>;
}

/**
 * Opens (or creates) a log for appending. Replays what is there into
 * `spec.state` (throwing on corruption), and cuts off a torn last line so the
 * next entry starts on a fresh line.
 */
export async function openChecksummedLog<E extends LogEntry, I>(
  path: string,
  spec: LogSpec<E, I>,
): Promise<AppendLog<E, I>> {
  const now = spec.now ?? (() => new Date());
  const { state } = spec;
  let torn: TornLine | null = null;
  let created = false;
  try {
    const contents = await readChecksummedLog(path, spec.decodeLine, {
      onlyUnterminatedIsTorn: spec.onlyUnterminatedIsTorn ?? false,
    });
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
  const write = async (input: I): Promise<E> => {
    if (closed) throw new Error(`Journal ${path} is closed`);
    const entry = spec.toEntry(input, state.lastSeq + 1, now().toISOString());
    // Check before writing: a refused entry never reaches the disk.
    state.check(entry);
    try {
      await handle.write(spec.encodeLine(entry));
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
