import { assertNever } from '../../shared/errors';
import { JournalCorruptError } from './backup-errors';
import type { JournalEntry, JournalOutcome } from './journal-entry';

/**
 * Where a batch stands after a crash, quit or network loss:
 * - `pending`: intent only, nothing was sent — safe to send.
 * - `unknown`: sent, no outcome — it may or may not have been applied; re-list
 *   the ids to reconcile before any resend (blind resends are how tools
 *   create damage after a network error: notes/api-facts.md).
 * - `done` / `failed`: finished, with its outcome.
 */
export type BatchStatus = 'pending' | 'unknown' | 'done' | 'failed';

export interface BatchState {
  batch: number;
  ids: readonly string[];
  status: BatchStatus;
  /** How many `sent` entries the batch has (a resend after reconciling adds one). */
  sends: number;
  outcome?: JournalOutcome;
}

export interface JournalReplay {
  /** Every batch, by batch number. */
  batches: BatchState[];
  /** Seq of the last entry (0 for an empty journal); the next append uses lastSeq + 1. */
  lastSeq: number;
}

/**
 * Running state of a journal, one entry at a time. Refuses an entry that
 * cannot follow the ones before it, so a journal that replays is one the
 * delete engine could have written.
 */
export class JournalState {
  private readonly byBatch = new Map<number, BatchState>();
  private seq = 0;

  get lastSeq(): number {
    return this.seq;
  }

  /** Throws JournalCorruptError when `entry` cannot follow the entries applied so far. */
  apply(entry: JournalEntry): void {
    this.byBatch.set(entry.batch, this.check(entry));
    this.seq = entry.seq;
  }

  /** The batch's state after `entry`, without applying it; throws like `apply`. */
  check(entry: JournalEntry): BatchState {
    if (entry.seq !== this.seq + 1) {
      throw new JournalCorruptError(
        'seq-gap',
        `Journal entry ${entry.seq} follows entry ${this.seq}: entries are missing or repeated.`,
        { seq: entry.seq, previous: this.seq },
      );
    }
    const current = this.byBatch.get(entry.batch);
    const refuse = (why: string) =>
      new JournalCorruptError(
        'invalid-transition',
        `Journal entry ${entry.seq} (${entry.type} for batch ${entry.batch}) ${why}.`,
        { seq: entry.seq, batch: entry.batch },
      );
    if (entry.type === 'intent') {
      if (current) throw refuse('repeats an existing batch');
      return { batch: entry.batch, ids: [...entry.ids], status: 'pending', sends: 0 };
    }
    if (!current) throw refuse('has no intent before it');
    if (current.status === 'done' || current.status === 'failed') {
      throw refuse('comes after the batch finished');
    }
    switch (entry.type) {
      case 'sent':
        return { ...current, status: 'unknown', sends: current.sends + 1 };
      case 'outcome':
        return { ...current, status: entry.outcome.status, outcome: entry.outcome };
      default:
        return assertNever(entry);
    }
  }

  /** A snapshot (later entries do not change it). */
  snapshot(): JournalReplay {
    const batches = [...this.byBatch.values()].sort((a, b) => a.batch - b.batch);
    return { batches, lastSeq: this.seq };
  }
}

/**
 * Replays journal entries into the state of each batch: what resume uses to
 * continue exactly where the run stopped. Pure; throws JournalCorruptError on
 * a seq gap or an impossible transition.
 */
export function replayJournal(entries: readonly JournalEntry[]): JournalReplay {
  const state = new JournalState();
  for (const entry of entries) state.apply(entry);
  return state.snapshot();
}
