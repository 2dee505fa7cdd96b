/**
 * Row normalisation and validation, compiled once per mapping.
 *
 * compileRowPlan() turns a ColumnMapping into a function that runs on every
 * row of a file (up to 1M rows: docs/decisions/004-import-pipeline.md). All
 * per-column decisions (which normaliser, which validator, which length limit)
 * are taken here, once; the per-row loop only indexes arrays. Values come out
 * as a `string[]` aligned with `plan.fields` (mapped fields only, in canonical
 * order): the leanest shape for the row store and for dedupe merges.
 */
import type { ProspectFields } from '../prospect';
import type { ColumnMapping } from './header-mapping';
import {
  normaliseAddress,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normaliseSnippet,
  normaliseStatus,
  normaliseTags,
  normaliseUrl,
} from './normalise-cell';
import { FIELD_ORDER, isSnippetField, type ProspectField } from './prospect-fields';
import {
  checkEmail,
  checkUrl,
  isProspectStatus,
  STATUS_MESSAGE,
  type CellError,
  type CellErrorCode,
} from './validate-row';

/** How a field's cells are cleaned and checked. */
export type FieldKind =
  'email' | 'name' | 'address' | 'snippet' | 'url' | 'linkedin' | 'phone' | 'status' | 'tags';

export function fieldKind(field: ProspectField): FieldKind {
  if (isSnippetField(field)) return 'snippet';
  switch (field) {
    case 'email':
      return 'email';
    case 'website':
      return 'url';
    case 'linkedin_url':
      return 'linkedin';
    case 'phone':
      return 'phone';
    case 'status':
      return 'status';
    case 'tags':
      return 'tags';
    case 'address':
      return 'address';
    default:
      return 'name';
  }
}

/**
 * Length limits. Woodpecker documents none besides email's (RFC 5321: 254);
 * these guard against a wrong column (a whole description in `city`) and can
 * be overridden per field.
 */
export function defaultMaxLength(field: ProspectField): number {
  switch (fieldKind(field)) {
    case 'email':
      return 254;
    case 'url':
    case 'linkedin':
      return 2048;
    case 'snippet':
      return 10_000;
    default:
      return 1000;
  }
}

type Normaliser = (raw: string) => string;
type Validator = ((value: string) => string | null) | null;

const NORMALISERS: Readonly<Record<FieldKind, Normaliser>> = {
  email: normaliseEmail,
  name: normaliseName,
  address: normaliseAddress,
  snippet: normaliseSnippet,
  url: normaliseUrl,
  linkedin: normaliseUrl,
  phone: normalisePhone,
  status: normaliseStatus,
  tags: normaliseTags,
};

const checkWebsite = (value: string): string | null => checkUrl(value, false);
const checkLinkedIn = (value: string): string | null => checkUrl(value, true);
const checkStatus = (value: string): string | null =>
  isProspectStatus(value) ? null : STATUS_MESSAGE;

const VALIDATORS: Readonly<Record<FieldKind, readonly [Validator, CellErrorCode]>> = {
  email: [checkEmail, 'invalid-email'],
  name: [null, 'too-long'],
  address: [null, 'too-long'],
  snippet: [null, 'too-long'],
  url: [checkWebsite, 'invalid-url'],
  linkedin: [checkLinkedIn, 'invalid-url'],
  phone: [null, 'too-long'],
  status: [checkStatus, 'invalid-status'],
  tags: [null, 'too-long'],
};

export interface RowPlanOptions {
  /** Per-field length limits replacing defaultMaxLength(). */
  maxLength?: Partial<Record<ProspectField, number>>;
}

export interface RowResult {
  /** Normalised values aligned with `plan.fields`; '' = empty cell (field left unchanged). */
  values: string[];
  /** Empty (a shared frozen array) when the row is valid. */
  errors: readonly CellError[];
}

/** The compiled per-row function, with what its output arrays mean. */
export interface RowPlan {
  (cells: readonly string[], row: number): RowResult;
  /**
   * The same without allocating: writes the values into `values` (reused
   * from row to row by a caller that encodes them right away, e.g. the row
   * store) and returns the errors.
   */
  readonly into: (cells: readonly string[], row: number, values: string[]) => readonly CellError[];
  /** Mapped fields in canonical order (IMPORT_FIELDS); `values[i]` is `fields[i]`. */
  readonly fields: readonly ProspectField[];
  /** Source column index of each field. */
  readonly sourceColumns: readonly number[];
  /** Source header of each field. */
  readonly headers: readonly string[];
  /** Index of `email` in `fields`, or -1 when no column is mapped to email. */
  readonly emailIndex: number;
}

const NO_ERRORS: readonly CellError[] = Object.freeze([]);

/**
 * Compiles the mapping into a row function. Throws if two columns map to the
 * same field (autoMap and assignColumn never produce that).
 */
export function compileRowPlan(mapping: ColumnMapping, options: RowPlanOptions = {}): RowPlan {
  const mapped = mapping.columns
    .filter((c): c is typeof c & { field: ProspectField } => c.field !== null)
    .sort((a, b) => FIELD_ORDER[a.field] - FIELD_ORDER[b.field]);
  for (let i = 1; i < mapped.length; i++) {
    if (mapped[i]?.field === mapped[i - 1]?.field) {
      throw new Error(`Field ${mapped[i]?.field} is mapped from more than one column`);
    }
  }
  const n = mapped.length;
  const fields = mapped.map((c) => c.field);
  const sourceColumns = mapped.map((c) => c.column);
  const headers = mapped.map((c) => c.header);
  const normalisers = fields.map((f) => NORMALISERS[fieldKind(f)]);
  const validators = fields.map((f) => VALIDATORS[fieldKind(f)][0]);
  const codes = fields.map((f) => VALIDATORS[fieldKind(f)][1]);
  const limits = fields.map((f) => options.maxLength?.[f] ?? defaultMaxLength(f));
  const emailIndex = fields.indexOf('email');

  const into = (cells: readonly string[], row: number, values: string[]): readonly CellError[] => {
    let errors: CellError[] | null = null;
    for (let k = 0; k < n; k++) {
      const raw = cells[sourceColumns[k] as number];
      if (raw === undefined || raw === '') {
        values[k] = '';
        continue;
      }
      const value = (normalisers[k] as Normaliser)(raw);
      values[k] = value;
      if (value === '') continue;
      const limit = limits[k] as number;
      const validate = validators[k] as Validator;
      let message: string | null = null;
      let code: CellErrorCode = 'too-long';
      if (value.length > limit) {
        message = `Longer than ${limit} characters (${value.length})`;
      } else if (validate !== null) {
        message = validate(value);
        code = codes[k] as CellErrorCode;
      }
      if (message !== null) {
        const column = sourceColumns[k] as number;
        (errors ??= []).push({
          row,
          column: headers[k] as string,
          columnIndex: column,
          field: fields[k] as ProspectField,
          code,
          message,
          value,
        });
      }
    }
    if (emailIndex === -1 || values[emailIndex] === '') {
      const column = emailIndex === -1 ? -1 : (sourceColumns[emailIndex] as number);
      (errors ??= []).push(missingEmail(cells, row, headers[emailIndex] ?? '', column));
    }
    return errors ?? NO_ERRORS;
  };

  const run = (cells: readonly string[], row: number): RowResult => {
    const values = new Array<string>(n);
    return { values, errors: into(cells, row, values) };
  };

  return Object.assign(run, { into, fields, sourceColumns, headers, emailIndex });
}

function missingEmail(
  cells: readonly string[],
  row: number,
  column: string,
  columnIndex: number,
): CellError {
  const blank = cells.every((cell) => cell.trim() === '');
  return {
    row,
    column,
    columnIndex,
    field: blank ? null : 'email',
    code: blank ? 'empty-row' : 'missing-email',
    message: blank
      ? 'Empty row'
      : columnIndex === -1
        ? 'No column is mapped to email: rows without an email cannot be imported'
        : 'No email: rows without an email cannot be imported',
    value: '',
  };
}

/**
 * The row as a field record for an API payload: empty values are left out,
 * so Woodpecker keeps what it has for them (notes/api-facts.md: omitted fields
 * stay unchanged).
 */
export function toFieldRecord(
  fields: readonly ProspectField[],
  values: readonly string[],
): ProspectFields & { email?: string } {
  const record: ProspectFields & { email?: string } = {};
  for (let i = 0; i < fields.length; i++) {
    const value = values[i];
    if (value !== undefined && value !== '') record[fields[i] as ProspectField] = value;
  }
  return record;
}
