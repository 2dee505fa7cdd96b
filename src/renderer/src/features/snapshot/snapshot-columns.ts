/**
 * The snapshot grid's columns, and a prospect as a grid row. The grid is the
 * import grid (components/data-grid.tsx), which shows `GridRow`s.
 */
import type { GridRow } from '../../../../shared/import/session-types';
import type { Prospect } from '../../../../shared/prospect';
import { SNIPPET_FIELDS, WRITABLE_PROSPECT_FIELDS } from '../../../../shared/prospect';
import type { DataGridColumn } from '../../components/data-grid';

type Field = keyof Prospect;

/** What people look for first, then the snippets, then everything else. */
const LEADING: Field[] = [
  'id',
  'email',
  'first_name',
  'last_name',
  'company',
  'status',
  'tags',
  'last_contacted',
  'updated',
  ...SNIPPET_FIELDS,
];
const TRAILING: Field[] = [
  ...WRITABLE_PROSPECT_FIELDS.filter((f) => !LEADING.includes(f)),
  'last_replied',
];

export const SNAPSHOT_FIELDS: readonly Field[] = [...LEADING, ...TRAILING];

const LABELS: Partial<Record<Field, string>> = {
  id: 'ID',
  email: 'Email',
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  status: 'Status',
  tags: 'Tags',
  last_contacted: 'Last contacted',
  updated: 'Updated',
  last_replied: 'Last replied',
  linkedin_url: 'LinkedIn',
};

export const SNAPSHOT_COLUMNS: DataGridColumn[] = SNAPSHOT_FIELDS.map((field) => ({
  label: LABELS[field] ?? field,
  detail: field,
}));

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** A prospect at view `position` as a row; the row header shows its 1-based position. */
export function prospectRow(prospect: Prospect, position: number): GridRow {
  return {
    index: position,
    line: position + 1,
    cells: SNAPSHOT_FIELDS.map((field) => text(prospect[field])),
    flags: 0,
    errors: [],
  };
}
