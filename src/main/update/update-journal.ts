import { z } from 'zod';
import { assertNever } from '../../shared/errors';
import type { OutcomeKind, RowOutcome } from '../../shared/update/update-types';
import { JournalCorruptError } from '../backup/backup-errors';
import {
  decodeChecksummedLine,
  encodeChecksummedLine,
  openChecksummedLog,
  readChecksummedLog,
} from '../backup/checksummed-log';
import type { DecodedLine, LogContents, TornLine } from '../backup/checksummed-log';

/**
 * The write-ahead journal of an update run (`run.journal` in the run's
 * folder): the delete journal's line format and durability
 * (backup/checksummed-log.ts), with entries of its own. Decision 012.
 *
 *   {"seq":1,"type":"held","outcomes":[{"row":9,"outcome":"failed","prospectId":7,"code":"CHANGED_SINCE_PREVIEW","message":"…"}],"at":"…","crc":"…"}
 *   {"seq":2,"type":"intent","batch":0,"op":"apply","rows":[2,3,4],"at":"…","crc":"…"}
 *   {"seq":3,"type":"sent","batch":0,"at":"…","crc":"…"}
 *   {"seq":4,"type":"outcome","batch":0,"via":"answer","outcomes":[{"row":2,"outcome":"updated","prospectId":101},…],"at":"…","crc":"…"}
 *   {"seq":5,"type":"settled","via":"clears","outcomes":[…],"at":"…","crc":"…"}
 *   {"seq":6,"type":"end","op":"apply","state":"finished","at":"…","crc":"…"}
 *
 * Rows are the list's row numbers: planned.jsonl (checksummed in run.json)
 * holds each row's email and payload, so an outcome here plus its planned row
 * rebuilds the row's line of outcomes.jsonl exactly.
 */
export const UPDATE_OPS = ['apply', 'retry'] as const;
export type UpdateOp = (typeof UPDATE_OPS)[number];

/** One row's outcome as journaled: a RowOutcome without its email (planned.jsonl has it). */
export const journalRowOutcomeSchema = z
  .object({
    row: z.number().int().nonnegative(),
    outcome: z.enum(['updated', 'added', 'unchanged', 'failed', 'unknown']),
    prospectId: z.number().int().nullable(),
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .strict();
export type JournalRowOutcome = z.infer<typeof journalRowOutcomeSchema>;

const outcomes = z.array(journalRowOutcomeSchema);
const base = { seq: z.number().int().positive(), at: z.string().min(1) };
const batch = z.number().int().nonnegative();

/**
 * - `held`: rows not sent because their prospect changed since the preview
 *   (once, before the first batch).
 * - `intent` → `sent` (fsync'd before the request) → `outcome`, per batch.
 *   An outcome comes from the answer, from reading the prospects back (the
 *   answer was lost), or says the batch was never sent (`not-sent`: closed
 *   by the next execution, its rows keep the outcome they had).
 * - `settled`: outcomes found later for rows already answered: unknown rows
 *   read back, emptied fields checked (`clears`), an older run's outcomes
 *   taken over (`imported`).
 * - `end`: an apply or retry finished or was cancelled; an apply without
 *   one was interrupted.
 */
export const updateJournalEntrySchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('held'), outcomes }).strict(),
  z
    .object({
      ...base,
      type: z.literal('intent'),
      batch,
      op: z.enum(UPDATE_OPS),
      rows: z.array(z.number().int().nonnegative()).min(1),
    })
    .strict(),
  z.object({ ...base, type: z.literal('sent'), batch }).strict(),
  z
    .object({
      ...base,
      type: z.literal('outcome'),
      batch,
      via: z.enum(['answer', 'read-back', 'not-sent']),
      outcomes,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('settled'),
      via: z.enum(['read-back', 'clears', 'imported']),
      outcomes,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('end'),
      op: z.enum(UPDATE_OPS),
      state: z.enum(['finished', 'cancelled']),
    })
    .strict(),
]);
export type UpdateJournalEntry = z.infer<typeof updateJournalEntrySchema>;

type WithoutStamp<T> = T extends unknown ? Omit<T, 'seq' | 'at'> : never;
/** What a caller appends: the journal assigns `seq` and `at`. */
export type UpdateJournalInput = WithoutStamp<UpdateJournalEntry>;

/** Keys in a fixed order, `seq` first (the reader checks it), `at` last. */
export function encodeUpdateJournalLine(entry: UpdateJournalEntry): string {
  const { seq, type, at, ...rest } = entry;
  return encodeChecksummedLine(JSON.stringify({ seq, type, ...rest, at }));
}

export function decodeUpdateJournalLine(line: string): DecodedLine<UpdateJournalEntry> {
  return decodeChecksummedLine(line, updateJournalEntrySchema);
}

/** A batch: `pending` (intent only: nothing sent), `unknown` (sent, no outcome), `done`. */
export interface UpdateBatchState {
  batch: number;
  op: UpdateOp;
  rows: readonly number[];
  status: 'pending' | 'unknown' | 'done';
}

/** Where a row's latest outcome came from. */
export type OutcomeSource = 'held' | 'answer' | 'read-back' | 'not-sent' | 'clears' | 'imported';

export interface JournaledOutcome extends JournalRowOutcome {
  source: OutcomeSource;
}

/**
 * Running state of an update journal. Refuses an entry that cannot follow
 * the ones before it, so a journal that replays is one the engine could have
 * written: one send per batch (a resend is a new batch), a row in at most one
 * open batch, an outcome for exactly the batch's rows.
 */
export class UpdateJournalState {
  private seq = 0;
  private readonly batches = new Map<number, UpdateBatchState>();
  /** The batches in journal order (their numbers only grow). */
  private readonly order: UpdateBatchState[] = [];
  /** Rows of batches not yet done: each row in one at most. */
  private readonly openRows = new Map<number, number>();
  private readonly rows = new Map<number, JournaledOutcome>();
  private heldSeen = false;
  private applyEnd: 'finished' | 'cancelled' | null = null;
  private lastEnd: UpdateOp | null = null;

  get lastSeq(): number {
    return this.seq;
  }

  apply(entry: UpdateJournalEntry): void {
    this.check(entry);
    this.seq = entry.seq;
    switch (entry.type) {
      case 'held':
        this.heldSeen = true;
        this.setRows(entry.outcomes, 'held');
        return;
      case 'intent': {
        const batch: UpdateBatchState = {
          batch: entry.batch,
          op: entry.op,
          rows: [...entry.rows],
          status: 'pending',
        };
        this.batches.set(entry.batch, batch);
        this.order.push(batch);
        for (const row of entry.rows) this.openRows.set(row, entry.batch);
        return;
      }
      case 'sent':
        this.batches.get(entry.batch)!.status = 'unknown';
        return;
      case 'outcome': {
        const state = this.batches.get(entry.batch)!;
        state.status = 'done';
        for (const row of state.rows) this.openRows.delete(row);
        this.setRows(entry.outcomes, entry.via);
        return;
      }
      case 'settled':
        this.setRows(entry.outcomes, entry.via);
        return;
      case 'end':
        if (entry.op === 'apply') this.applyEnd = entry.state;
        this.lastEnd = entry.op;
        return;
      default:
        assertNever(entry);
    }
  }

  /** Throws JournalCorruptError when `entry` cannot follow the entries applied so far. */
  check(entry: UpdateJournalEntry): void {
    const refuse = (why: string) =>
      new JournalCorruptError(
        'invalid-transition',
        `Journal entry ${entry.seq} (${entry.type}) ${why}.`,
        { seq: entry.seq },
      );
    if (entry.seq !== this.seq + 1) {
      throw new JournalCorruptError(
        'seq-gap',
        `Journal entry ${entry.seq} follows entry ${this.seq}: entries are missing or repeated.`,
        { seq: entry.seq, previous: this.seq },
      );
    }
    switch (entry.type) {
      case 'held':
        if (this.heldSeen || this.batches.size > 0) throw refuse('comes after the first batch');
        return this.checkRows(entry.outcomes, refuse);
      case 'intent': {
        if (entry.batch <= (this.order.at(-1)?.batch ?? -1)) {
          throw refuse(`repeats batch ${entry.batch} or goes back`);
        }
        const seen = new Set<number>();
        for (const row of entry.rows) {
          if (seen.has(row) || this.openRows.has(row)) {
            throw refuse(`puts row ${row} in two batches without an outcome`);
          }
          seen.add(row);
        }
        return;
      }
      case 'sent': {
        const state = this.batches.get(entry.batch);
        if (!state) throw refuse(`has no intent for batch ${entry.batch}`);
        if (state.status !== 'pending') throw refuse(`sends batch ${entry.batch} twice`);
        return;
      }
      case 'outcome': {
        const state = this.batches.get(entry.batch);
        if (!state) throw refuse(`has no intent for batch ${entry.batch}`);
        if (state.status === 'done') throw refuse(`comes after batch ${entry.batch} finished`);
        if (entry.via === 'not-sent' && state.status !== 'pending') {
          throw refuse(`says batch ${entry.batch} was not sent, after it was`);
        }
        if (entry.via !== 'not-sent' && state.status === 'pending') {
          throw refuse(`has an answer for batch ${entry.batch}, which was never sent`);
        }
        const rows = entry.outcomes.map((o) => o.row);
        if (rows.length !== state.rows.length || rows.some((row, i) => row !== state.rows[i])) {
          throw refuse(`does not cover exactly the rows of batch ${entry.batch}`);
        }
        return;
      }
      case 'settled':
        for (const o of entry.outcomes) {
          if (this.openRows.has(o.row)) throw refuse(`settles row ${o.row} of an open batch`);
        }
        return this.checkRows(entry.outcomes, refuse);
      case 'end':
        if (this.openRows.size > 0) throw refuse('comes while a batch has no outcome');
        return;
      default:
        assertNever(entry);
    }
  }

  private checkRows(list: readonly JournalRowOutcome[], refuse: (why: string) => Error): void {
    const seen = new Set<number>();
    for (const o of list) {
      if (seen.has(o.row)) throw refuse(`names row ${o.row} twice`);
      seen.add(o.row);
    }
  }

  private setRows(list: readonly JournalRowOutcome[], source: OutcomeSource): void {
    for (const o of list) this.rows.set(o.row, { ...o, source });
  }

  /**
   * The state as of now. `batches` and `rows` are live views, not copies
   * (a run can have a million rows; callers read, never write them): later
   * entries show in them.
   */
  snapshot(): UpdateJournalReplay {
    return {
      lastSeq: this.seq,
      batches: this.order,
      rows: this.rows,
      held: this.heldSeen,
      applyEnd: this.applyEnd,
      lastEnd: this.lastEnd,
    };
  }
}

export interface UpdateJournalReplay {
  lastSeq: number;
  batches: readonly Readonly<UpdateBatchState>[];
  /** Each row's latest journaled outcome. */
  rows: ReadonlyMap<number, JournaledOutcome>;
  /** Whether the drift check's `held` entry was written. */
  held: boolean;
  /** How the apply ended; null while it is interrupted. */
  applyEnd: 'finished' | 'cancelled' | null;
  lastEnd: UpdateOp | null;
}

export function replayUpdateJournal(entries: readonly UpdateJournalEntry[]): UpdateJournalReplay {
  const state = new UpdateJournalState();
  for (const entry of entries) state.apply(entry);
  return state.snapshot();
}

/** Reads an update journal (throws ENOENT when there is none, JournalCorruptError on damage). */
export async function readUpdateJournal(path: string): Promise<LogContents<UpdateJournalEntry>> {
  return readChecksummedLog(path, decodeUpdateJournalLine, { onlyUnterminatedIsTorn: true });
}

/** An open update journal: appends are fsync'd before they return. */
export interface UpdateJournal {
  readonly path: string;
  readonly torn: TornLine | null;
  state(): UpdateJournalReplay;
  append(entry: UpdateJournalInput): Promise<UpdateJournalEntry>;
  close(): Promise<void>;
}

export async function openUpdateJournal(path: string): Promise<UpdateJournal> {
  const state = new UpdateJournalState();
  const log = await openChecksummedLog<UpdateJournalEntry, UpdateJournalInput>(path, {
    decodeLine: decodeUpdateJournalLine,
    encodeLine: encodeUpdateJournalLine,
    toEntry: (input, seq, at) => ({ ...input, seq, at }) as UpdateJournalEntry,
    state,
    // Only a last line without its newline is a torn write; any other bad
    // line is damage (a dropped `outcome` would make its batch look unsent).
    onlyUnterminatedIsTorn: true,
  });
  return {
    path,
    torn: log.torn,
    state: () => state.snapshot(),
    append: (input) => log.append(input),
    close: () => log.close(),
  };
}

/** A journaled outcome as a RowOutcome (the email comes from the planned row). */
export function toRowOutcome(o: JournalRowOutcome, email: string): RowOutcome {
  return {
    row: o.row,
    email,
    prospectId: o.prospectId,
    outcome: o.outcome as OutcomeKind,
    ...(o.code !== undefined && { code: o.code }),
    ...(o.message !== undefined && { message: o.message }),
  };
}

/** A RowOutcome as journaled (without its email). */
export function toJournalOutcome(o: RowOutcome): JournalRowOutcome {
  return {
    row: o.row,
    outcome: o.outcome,
    prospectId: o.prospectId,
    ...(o.code !== undefined && { code: o.code }),
    ...(o.message !== undefined && { message: o.message }),
  };
}
