/**
 * Planning the update requests, the backup taken before them, and the revert.
 *
 * Facts this follows (notes/api-facts.md, woodpecker-v1-update-prospects.txt):
 * at most 20,000 prospects per `add_prospects_list` request; omitting
 * `file_name` clears the import name stored on every prospect sent, so every
 * request carries one; the same email twice in one request is ambiguous.
 */
import { emailKey } from '../import/normalise-cell';
import type { Prospect, WritableProspectField } from '../prospect';
import type { PlannedRow, ProspectUpdatePayload } from './update-types';

/** The API's limit per update request (the client's MAX_UPDATE_PROSPECTS). */
export const MAX_BATCH_SIZE = 20_000;

/** One `add_prospects_list` request: `prospects[i]` is `rows[i].update`. */
export interface UpdateBatch<T extends PlannedRow = PlannedRow> {
  fileName: string;
  rows: T[];
  prospects: ProspectUpdatePayload[];
}

export interface BatchOptions {
  /** 1 … 20,000 (default 20,000): smaller batches lose less to one failed request. */
  batchSize?: number;
  /** Sent as `file_name` with every request; must not be blank. */
  fileName: string;
}

/**
 * Splits rows into requests of at most `batchSize`, in order. Throws on a
 * bad size, a blank file name, or an email that appears twice (its outcome
 * could not be attributed to one row).
 */
export function planUpdateBatches<T extends PlannedRow>(
  rows: readonly T[],
  options: BatchOptions,
): UpdateBatch<T>[] {
  const size = options.batchSize ?? MAX_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
    throw new RangeError(`Batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
  }
  const fileName = options.fileName.trim();
  if (fileName === '') throw new Error('Every update request needs a file name (file_name)');
  const seen = new Set<string>();
  for (const row of rows) {
    const key = emailKey(row.update.email);
    if (key === null) throw new Error(`Row ${row.row} has no email`);
    if (seen.has(key)) throw new Error(`Row ${row.row} repeats the email ${row.update.email}`);
    seen.add(key);
  }
  const batches: UpdateBatch<T>[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const slice = rows.slice(start, start + size);
    batches.push({ fileName, rows: slice, prospects: slice.map((r) => r.update) });
  }
  return batches;
}

/**
 * The default import name: "Prospect Desk · <list> · YYYY-MM-DD", the date
 * in the user's local calendar (the day they ran it, not UTC's).
 */
export function defaultFileName(listName: string, date: Date): string {
  const day = [
    String(date.getFullYear()).padStart(4, '0'),
    String(date.getMonth() + 1).padStart(2, '0'),
    String(date.getDate()).padStart(2, '0'),
  ].join('-');
  const list = listName.trim().replace(/\s+/g, ' ');
  return list === '' ? `Prospect Desk · ${day}` : `Prospect Desk · ${list} · ${day}`;
}

/**
 * The current state of every prospect about to change, by lowercase email:
 * saved before applying so the update can be reverted. New rows have none.
 */
export function backupProspects(
  rows: readonly PlannedRow[],
  lookup: (emailKey: string) => Prospect | undefined,
): Map<string, Prospect> {
  const backup = new Map<string, Prospect>();
  for (const row of rows) {
    const key = emailKey(row.update.email);
    if (key === null) continue;
    const prospect = lookup(key);
    if (prospect) backup.set(key, prospect);
  }
  return backup;
}

/** Revert requests, and the rows that cannot be reverted by an update. */
export interface RevertPlan {
  updates: ProspectUpdatePayload[];
  /** Rows with no backup: prospects the update added (undoing them is a delete). */
  notInBackup: PlannedRow[];
}

/**
 * Updates that restore the backed-up values of exactly the fields each row
 * changed (a field that was empty is sent as '', clearing it again). Pass
 * only rows whose outcome was 'updated'; values are re-sent as stored, so
 * snippets keep their `<br/>`.
 */
export function revertPayloads(
  backup: ReadonlyMap<string, Prospect>,
  changedRows: readonly PlannedRow[],
): RevertPlan {
  const updates: ProspectUpdatePayload[] = [];
  const notInBackup: PlannedRow[] = [];
  for (const row of changedRows) {
    const prospect = backup.get(emailKey(row.update.email) ?? '');
    if (!prospect) {
      notInBackup.push(row);
      continue;
    }
    const update: ProspectUpdatePayload = { email: prospect.email };
    for (const field of Object.keys(row.update) as (WritableProspectField | 'email')[]) {
      if (field === 'email') continue;
      update[field] = prospect[field] ?? '';
    }
    updates.push(update);
  }
  return { updates, notInBackup };
}
