/**
 * Duplicate emails within one file, and how to resolve them.
 *
 * Woodpecker identifies prospects by email, case-insensitively; sending the
 * same email twice in one batch makes the second one overwrite the first (or
 * fail with E_DUPLICATE: notes/api-facts.md). Memory stays lean for 1M rows: a
 * Map from key to its first row index, and row lists only for keys seen twice.
 */
import { emailKey } from './normalise-cell';

/** Row indices (0-based, ascending) that share one email key. */
export interface DuplicateGroup {
  /** Lowercased email. */
  key: string;
  rows: number[];
}

/**
 * Streaming duplicate finder: feed rows as they are parsed, read the groups
 * at the end.
 */
export class DuplicateFinder {
  private readonly first = new Map<string, number>();
  private readonly repeated = new Map<string, number[]>();

  /** Records `row`'s email; empty or null emails are ignored. Returns true if seen before. */
  add(email: string | null | undefined, row: number): boolean {
    if (!email) return false;
    const key = emailKey(email);
    if (key === null) return false;
    const firstRow = this.first.get(key);
    if (firstRow === undefined) {
      this.first.set(key, row);
      return false;
    }
    const rows = this.repeated.get(key);
    if (rows) rows.push(row);
    else this.repeated.set(key, [firstRow, row]);
    return true;
  }

  /** Groups with at least two rows, in order of their first row. */
  groups(): DuplicateGroup[] {
    const out: DuplicateGroup[] = [];
    for (const [key, rows] of this.repeated) out.push({ key, rows });
    return out.sort((a, b) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
  }
}

/** Finds emails occurring more than once; the iterable's position is the row index. */
export function findDuplicates(emails: Iterable<string | null | undefined>): DuplicateGroup[] {
  const finder = new DuplicateFinder();
  let row = 0;
  for (const email of emails) finder.add(email, row++);
  return finder.groups();
}

/**
 * `keep-first`/`keep-last` keep one row of each group as is; `merge` keeps the
 * first row and fills its empty cells with later rows' non-empty ones (earlier
 * rows first). Where two rows hold different non-empty values, the kept row's
 * value stays and a conflict is reported.
 */
export type DuplicateStrategy = 'keep-first' | 'keep-last' | 'merge';

export interface MergeConflict {
  key: string;
  /** The row kept (the group's first). */
  keptRow: number;
  /** The later row whose value was not used. */
  otherRow: number;
  /** Index into the row values (for RowPlan output: `plan.fields[valueIndex]`). */
  valueIndex: number;
  kept: string;
  other: string;
}

export interface DuplicateResolution {
  /** The row kept from each group, in group order. */
  kept: number[];
  /** Rows to leave out, ascending. */
  dropped: number[];
  /** For `merge`: kept row → merged values, only where merging changed something. */
  merged: Map<number, string[]>;
  conflicts: MergeConflict[];
}

export interface ResolveOptions {
  /** Value equality for conflicts (default: exact). Pass a case-insensitive one for emails. */
  equals?: (a: string, b: string, valueIndex: number) => boolean;
}

/**
 * Resolves duplicate groups. `getRow` returns a row's values (e.g. RowPlan
 * output from the row store); it is called only for `merge`.
 */
export function resolveDuplicates(
  groups: readonly DuplicateGroup[],
  strategy: DuplicateStrategy,
  getRow: (row: number) => readonly string[],
  options: ResolveOptions = {},
): DuplicateResolution {
  const equals = options.equals ?? ((a: string, b: string) => a === b);
  const kept: number[] = [];
  const dropped: number[] = [];
  const merged = new Map<number, string[]>();
  const conflicts: MergeConflict[] = [];
  for (const { key, rows } of groups) {
    if (rows.length === 0) continue;
    const keep = (strategy === 'keep-last' ? rows[rows.length - 1] : rows[0]) as number;
    kept.push(keep);
    for (const row of rows) if (row !== keep) dropped.push(row);
    if (strategy !== 'merge') continue;
    const values = [...getRow(keep)];
    let changed = false;
    for (let r = 1; r < rows.length; r++) {
      const otherRow = rows[r] as number;
      const other = getRow(otherRow);
      for (let i = 0; i < other.length; i++) {
        const theirs = other[i] ?? '';
        if (theirs === '') continue;
        const mine = values[i] ?? '';
        if (mine === '') {
          values[i] = theirs;
          changed = true;
        } else if (!equals(mine, theirs, i)) {
          conflicts.push({
            key,
            keptRow: keep,
            otherRow,
            valueIndex: i,
            kept: mine,
            other: theirs,
          });
        }
      }
    }
    if (changed) merged.set(keep, values);
  }
  dropped.sort((a, b) => a - b);
  return { kept, dropped, merged, conflicts };
}
