/**
 * The shapes an import session exposes: to the renderer's grid (through the
 * Web Worker), to main's list storage and to the CLI. Pure data, so they cross
 * postMessage and IPC unchanged.
 */
import type { ColumnMapping } from './header-mapping';
import type { DuplicateStrategy } from './dedupe';
import type { CellError } from './validate-row';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';
export type LineEnding = '\r\n' | '\n' | '\r' | 'mixed';

/** What the user may override after seeing what was detected. */
export interface ImportOverrides {
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
  /** 0-based record index of the header row (rows above it are a preamble). */
  headerRow?: number;
}

export interface ImportDetection {
  encoding: TextEncodingName;
  bom: boolean;
  delimiter: Delimiter;
  lineEnding: LineEnding;
  headerRow: number;
}

/** A problem with the file itself (not a cell): row numbers are source lines. */
export interface FileProblem {
  code: string;
  message: string;
  line?: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number | null;
  rows: number;
  etaMs: number | null;
}

/** Per-row status flags (a Uint8Array in the session; one byte per row). */
export const ROW_INVALID = 1;
export const ROW_DUPLICATE = 2;
/** Removed by a duplicate resolution: kept in the list, left out of exports. */
export const ROW_DROPPED = 4;
export const ROW_EDITED = 8;

export interface ImportSummary {
  fileName: string;
  fileBytes: number | null;
  detection: ImportDetection;
  headers: string[];
  mapping: ColumnMapping;
  rows: number;
  valid: number;
  invalid: number;
  /** Rows that share an email with an earlier row (still undecided or dropped). */
  duplicates: number;
  duplicateGroups: number;
  dropped: number;
  /** File-level problems, the first 1,000. */
  problems: FileProblem[];
  problemCount: number;
}

export type RowFilter = 'all' | 'errors' | 'duplicates' | 'valid';

export interface GridQuery {
  filter: RowFilter;
  /** Case-insensitive text search over every cell. */
  search?: string;
  /** Only rows whose cell in this source column contains the text. */
  column?: { index: number; contains: string };
  sort?: { column: number; direction: 'asc' | 'desc' };
}

export interface GridRow {
  /** Index in the list (stable across queries). */
  index: number;
  /** 1-based line in the source file where the record starts. */
  line: number;
  cells: string[];
  flags: number;
  errors: CellError[];
}

export interface GridWindow {
  /** Rows matching the query. */
  total: number;
  offset: number;
  rows: GridRow[];
}

export interface ExportOptions {
  format: 'csv' | 'json';
  /** Prospect fields as columns (normalised values) or the source columns. */
  columns: 'prospect-fields' | 'source';
  /** UTF-8 BOM so Excel detects the encoding (CSV only). */
  bom?: boolean;
  delimiter?: Delimiter;
  /** Leave out rows with errors (rows removed as duplicates are always left out). */
  validOnly?: boolean;
}

export type { DuplicateStrategy };
