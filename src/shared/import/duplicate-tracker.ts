/**
 * The import session's live duplicate bookkeeping: which rows share an email
 * key, kept up to date as rows are parsed, edited, dropped and re-validated.
 *
 * Every key's first row sits in an `EmailIndex` (typed arrays, off the V8
 * heap: 1M unique emails cost no strings); only keys seen twice get a group
 * with its key string and rows. The index's entry for a key always points at
 * the group's first row, and at a row whose current cells still have that
 * key (edits and drops forget a row's old key first), which is what lets the
 * index confirm hash matches by reading rows back.
 */
import { EmailIndex } from './email-index';
import type { GrowableArray } from './growable';
import { emailKey } from './normalise-cell';
import { ROW_DUPLICATE } from './session-types';

export class DuplicateTracker {
  /** Lowercased email → its rows (ascending), for keys on two or more rows. */
  readonly groups = new Map<string, number[]>();
  private readonly firstRows: EmailIndex;

  /**
   * `keyOfRow` gives a row's current email key (null when it has none);
   * `flags` gets ROW_DUPLICATE set and cleared.
   */
  constructor(
    keyOfRow: (row: number) => string | null,
    private readonly flags: GrowableArray<Uint8Array>,
  ) {
    this.firstRows = new EmailIndex(keyOfRow);
  }

  /** Records that row `index` has (normalised) `email`; '' is no email. */
  remember(index: number, email: string): void {
    if (email === '') return;
    const first = this.firstRows.getOrAdd(email, index);
    if (first === -1 || first === index) return;
    const key = emailKey(email)!;
    let rows = this.groups.get(key);
    if (!rows) {
      rows = [first];
      this.groups.set(key, rows);
      this.flag(first, true);
    }
    if (!rows.includes(index)) {
      rows.push(index);
      rows.sort((a, b) => a - b);
    }
    if (rows[0] !== first) this.firstRows.replaceRow(email, first, rows[0]!);
    this.flag(index, true);
  }

  /** Forgets that row `index` has `key` (its key before an edit or a drop). */
  forget(index: number, key: string | null): void {
    if (key === null) return;
    const rows = this.groups.get(key);
    if (!rows) {
      this.firstRows.deleteIfRow(key, index);
      return;
    }
    const first = rows[0]!;
    const left = rows.filter((row) => row !== index);
    this.flag(index, false);
    if (left.length <= 1) {
      this.groups.delete(key);
      for (const row of left) this.flag(row, false);
    } else {
      this.groups.set(key, left);
    }
    if (left.length === 0) this.firstRows.deleteIfRow(key, first);
    else if (left[0] !== first) this.firstRows.replaceRow(key, first, left[0]!);
  }

  /** Forgets every key (before re-validating all rows). */
  clear(): void {
    this.firstRows.clear();
    this.groups.clear();
  }

  private flag(row: number, on: boolean): void {
    const flags = this.flags.get(row);
    this.flags.set(row, on ? flags | ROW_DUPLICATE : flags & ~ROW_DUPLICATE);
  }
}
