import { PROSPECT_STATUSES, WRITABLE_PROSPECT_FIELDS } from '../../shared/prospect';
import type { Prospect } from '../../shared/prospect';
import type { ProspectField } from '../../shared/import/prospect-fields';
import type { StoredProspect } from '../../shared/update/stored-prospect';

/**
 * One prospect as a compact JSON array in a fixed column order (no key names:
 * about half the bytes of `JSON.stringify(prospect)`), lossless for every
 * field of `Prospect`, including "absent" vs `null` vs `''`.
 *
 *   [123,"Ann@Example.com","ACTIVE","Ann",null,"Acme",…,"2025-03-21T08:11:35+0100",false]
 *
 * Absent is `null`, except in columns where `null` is a real value
 * (organization_id, last_contacted, last_replied, updated): there it is
 * `false`, which those columns never hold. Trailing absent columns are cut.
 */
const TEXT_COLUMNS = WRITABLE_PROSPECT_FIELDS.filter((f) => f !== 'status');
const NULLABLE_COLUMNS = ['organization_id', 'last_contacted', 'last_replied', 'updated'] as const;
const COLUMNS = [
  'id',
  'email',
  'status',
  ...TEXT_COLUMNS,
  ...NULLABLE_COLUMNS,
  'encrypted',
  'snippet_labels',
] as const;
const NULLABLE = new Set<string>(NULLABLE_COLUMNS);

/** Status code stored per row for fast filtering; 255 = a status outside the documented five. */
export const OTHER_STATUS = 255;

export function statusCode(status: string): number {
  const index = (PROSPECT_STATUSES as readonly string[]).indexOf(status);
  return index < 0 ? OTHER_STATUS : index;
}

/** What the list filter `contacted` means (woodpecker-v1-list-prospects.txt): a contact date is set. */
export function isContacted(prospect: Prospect): boolean {
  return typeof prospect.last_contacted === 'string' && prospect.last_contacted !== '';
}

export function encodeRecord(prospect: Prospect): string {
  const values: unknown[] = [];
  const source = prospect as unknown as Record<string, unknown>;
  for (const column of COLUMNS) {
    const value = source[column];
    values.push(value === undefined ? (NULLABLE.has(column) ? false : null) : value);
  }
  let end = values.length;
  while (end > 3 && values[end - 1] === (NULLABLE.has(COLUMNS[end - 1]!) ? false : null)) end--;
  return JSON.stringify(end === values.length ? values : values.slice(0, end));
}

export function decodeRecord(text: string): Prospect {
  const values: unknown = JSON.parse(text);
  if (!Array.isArray(values) || typeof values[0] !== 'number' || typeof values[1] !== 'string') {
    throw new Error('The snapshot file is damaged: a prospect record is unreadable.');
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < COLUMNS.length; i++) {
    const column = COLUMNS[i]!;
    const value: unknown = i < values.length ? values[i] : undefined;
    if (value === undefined) continue;
    if (NULLABLE.has(column) ? value === false : value === null) continue;
    out[column] = value;
  }
  // The array came from encodeRecord, which only ever wrote Prospect fields.
  return out as unknown as Prospect;
}

/** Where each field sits in a record (see `decodeStored`). */
export function recordColumns(fields: readonly ProspectField[]): number[] {
  return fields.map((field) => (COLUMNS as readonly string[]).indexOf(field));
}

/**
 * Just what the update preview needs of a record: id, email and the values
 * of `columns` (from `recordColumns`), '' where absent. No prospect object.
 */
export function decodeStored(text: string, columns: readonly number[]): StoredProspect {
  const values: unknown = JSON.parse(text);
  if (!Array.isArray(values) || typeof values[0] !== 'number' || typeof values[1] !== 'string') {
    throw new Error('The snapshot file is damaged: a prospect record is unreadable.');
  }
  const out = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    // Writable fields are text columns: absent is null, cut-off trailing columns undefined.
    const value: unknown = values[columns[i]!];
    out[i] = typeof value === 'string' ? value : '';
  }
  return { id: values[0] as number, email: values[1] as string, values: out };
}
