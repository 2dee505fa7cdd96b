/**
 * Auto-mapping of spreadsheet columns to prospect fields, and user fixes.
 *
 * Each column gets candidate fields with scores (header-candidates.ts); then
 * every field goes to its best-scoring column, at most one column per field.
 * Ties go to the leftmost column, so the result is deterministic. Columns left
 * unmapped say why and are offered as snippet candidates: nothing is dropped
 * silently.
 */
import { analyseColumn, type Candidate } from './header-candidates';
import { cleanHeader, headerKey } from './header-key';
import { FIELD_LABELS, type ProspectField, type SnippetField } from './prospect-fields';
import { SNIPPET_FIELDS } from '../prospect';

/**
 * How a column's field was found: `exact` Woodpecker's own name, `alias` a
 * known exporter header, `guess` from header words or sample values, `user`
 * chosen in the UI (or restored from a preset), `none` unmapped.
 */
export type MatchConfidence = 'exact' | 'alias' | 'guess' | 'user' | 'none';

export interface ColumnAssignment {
  /** 0-based index of the column in the source rows. */
  column: number;
  /** The header as it appears in the file. */
  header: string;
  field: ProspectField | null;
  confidence: MatchConfidence;
  /** Why it maps (ambiguous headers) or why it does not. */
  reason?: string;
}

/** An unmapped column the user may import into a free snippet. */
export interface SnippetCandidate {
  column: number;
  header: string;
}

export interface ColumnMapping {
  /** One entry per source column, in column order. */
  columns: ColumnAssignment[];
  /** Unmapped columns, in column order. */
  snippetCandidates: SnippetCandidate[];
}

export interface AutoMapOptions {
  /**
   * A few data rows (say the first 20), cells in column order. They settle
   * ambiguous headers: Outlook "Title" holding Mr./Mrs., CRM lead statuses
   * under "Status", LinkedIn profiles or company pages under "URL".
   */
  sampleRows?: readonly (readonly string[])[];
}

/** Maps each header to the best prospect field, each field at most once. */
export function autoMap(headers: readonly string[], options: AutoMapOptions = {}): ColumnMapping {
  const keys = new Set(headers.map(headerKey));
  const rows = options.sampleRows ?? [];
  const analyses = headers.map((header, column) =>
    analyseColumn(header, { keys, samples: samplesOf(rows, column) }),
  );

  const pairs: { column: number; candidate: Candidate }[] = [];
  analyses.forEach((analysis, column) => {
    for (const candidate of analysis.candidates) pairs.push({ column, candidate });
  });
  // Array.prototype.sort is stable: equal scores keep column order.
  pairs.sort((a, b) => b.candidate.score - a.candidate.score);

  const chosen = new Map<number, Candidate>();
  const owner = new Map<ProspectField, number>();
  for (const { column, candidate } of pairs) {
    if (chosen.has(column) || owner.has(candidate.field)) continue;
    chosen.set(column, candidate);
    owner.set(candidate.field, column);
  }

  const columns = headers.map((header, column): ColumnAssignment => {
    const candidate = chosen.get(column);
    if (candidate) {
      return withReason(
        { column, header, field: candidate.field, confidence: candidate.confidence },
        candidate.note,
      );
    }
    const analysis = analyses[column];
    const first = analysis?.candidates[0];
    let reason: string;
    if (analysis?.blocked !== undefined) reason = analysis.blocked;
    else if (first) {
      const winner = headers[owner.get(first.field) ?? -1] ?? '';
      reason = `${FIELD_LABELS[first.field]} comes from column "${cleanHeader(winner)}", a better match`;
    } else if (cleanHeader(header) === '') reason = 'the header is empty';
    else reason = 'no matching prospect field';
    return { column, header, field: null, confidence: 'none', reason };
  });
  return mappingFromColumns(columns);
}

function samplesOf(rows: readonly (readonly string[])[], column: number): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const value = row[column]?.trim();
    if (value) out.push(value);
  }
  return out;
}

function withReason(assignment: ColumnAssignment, reason: string | undefined): ColumnAssignment {
  return reason === undefined ? assignment : { ...assignment, reason };
}

/** Builds a mapping from its columns, deriving the snippet candidates (the unmapped columns). */
export function mappingFromColumns(columns: ColumnAssignment[]): ColumnMapping {
  const snippetCandidates = columns
    .filter((c) => c.field === null)
    .map(({ column, header }) => ({ column, header }));
  return { columns, snippetCandidates };
}

/**
 * The user's fix: `column` now maps to `field` (or to nothing). A column that
 * held that field before loses it, with a reason, so a field is never mapped twice.
 */
export function assignColumn(
  mapping: ColumnMapping,
  column: number,
  field: ProspectField | null,
): ColumnMapping {
  const target = mapping.columns.find((c) => c.column === column);
  if (!target) throw new RangeError(`No column ${column} in this mapping`);
  const columns = mapping.columns.map((c): ColumnAssignment => {
    if (c.column === column) {
      return field === null
        ? { column, header: c.header, field: null, confidence: 'none', reason: 'left out by you' }
        : { column, header: c.header, field, confidence: 'user' };
    }
    if (field !== null && c.field === field) {
      const reason = `${FIELD_LABELS[field]} moved to column "${cleanHeader(target.header)}"`;
      return { column: c.column, header: c.header, field: null, confidence: 'none', reason };
    }
    return c;
  });
  return mappingFromColumns(columns);
}

/** The column a field is mapped from, if any. */
export function columnOf(
  mapping: ColumnMapping,
  field: ProspectField,
): ColumnAssignment | undefined {
  return mapping.columns.find((c) => c.field === field);
}

/** Snippet fields no column uses yet, in order: where snippet candidates can go. */
export function freeSnippetFields(mapping: ColumnMapping): SnippetField[] {
  const used = new Set(mapping.columns.map((c) => c.field).filter((f) => f !== null));
  return SNIPPET_FIELDS.filter((f) => !used.has(f));
}
