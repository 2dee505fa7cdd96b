/**
 * The import worker's message protocol: typed requests with ids, exactly one
 * response per request, and progress events.
 *
 * Messages carry windows and summaries, never a whole list: the worker owns the
 * ImportSession and its rows (docs/decisions/004-import-pipeline.md); bulk
 * bytes (saving, restoring a list) cross as transferred ArrayBuffers in pieces
 * and exports as text chunks pulled one at a time, so neither thread blocks on
 * a structured clone of all rows (notes/performance-facts.md).
 *
 *   renderer → worker  { id: 7, method: 'query', input: { query, offset: 0, limit: 200 } }
 *   worker → renderer  { kind: 'response', id: 7, ok: true, value: { total, offset, rows } }
 *   worker → renderer  { kind: 'progress', progress: { bytesRead, totalBytes, rows, etaMs } }
 */
import type { ListMeta, ListMetaInput, ListPart } from '../../../shared/lists';
import type { MappingPreset } from '../../../shared/import/mapping-presets';
import type { ProspectField } from '../../../shared/import/prospect-fields';
import type { CellError } from '../../../shared/import/validate-row';
import type {
  DuplicateStrategy,
  ExportOptions,
  GridQuery,
  GridRow,
  GridWindow,
  ImportOverrides,
  ImportProgress,
  ImportSummary,
} from '../../../shared/import/session-types';

/** A mapping preset applied on import, and what changed since it was saved. */
export interface PresetAppliedInfo {
  presetId: string;
  name: string;
  missingHeaders: string[];
  newHeaders: string[];
}

/** What the grid needs once the header, mapping and first rows are known. */
export interface SessionReady {
  summary: ImportSummary;
  preset: PresetAppliedInfo | null;
}

/** One row with cell errors, for the row-level error list. */
export interface RowErrorEntry {
  index: number;
  line: number;
  errors: CellError[];
}

/** Every call the worker answers: its input and what it resolves to. */
export interface WorkerCalls {
  /** Parses a File (streamed); resolves when the first rows are queryable. */
  start: {
    input: { file: File; overrides: ImportOverrides; presets: MappingPreset[] };
    output: SessionReady;
  };
  /** One piece of a saved list's file, in order (transferred). */
  restorePiece: { input: { part: ListPart; bytes: Uint8Array }; output: { received: number } };
  /** Builds the session from the pieces received; re-validates every row. */
  restore: { input: { meta: ListMeta }; output: SessionReady };
  /** Resolves when the whole file is parsed (rejects when cancelled or fatal). */
  done: { input: null; output: ImportSummary };
  cancel: { input: null; output: { cancelled: boolean } };
  summary: { input: null; output: ImportSummary };
  query: { input: { query: GridQuery; offset: number; limit: number }; output: GridWindow };
  assignColumn: { input: { column: number; field: ProspectField | null }; output: ImportSummary };
  editRow: {
    input: { index: number; cells: string[] };
    output: { row: GridRow; summary: ImportSummary };
  };
  resolveDuplicates: {
    input: { strategy: DuplicateStrategy };
    output: { summary: ImportSummary; conflicts: number };
  };
  rowErrors: { input: { limit: number }; output: { rows: RowErrorEntry[]; total: number } };
  listMeta: { input: { name: string }; output: ListMetaInput };
  /** Serialises the list and keeps the bytes until `saveRelease`: sizes of each part. */
  savePrepare: { input: null; output: Record<ListPart, number> };
  /** A copy of bytes [offset, offset+length) of one part (transferred). */
  savePiece: {
    input: { part: ListPart; offset: number; length: number };
    output: Uint8Array<ArrayBuffer>;
  };
  saveRelease: { input: null; output: null };
  exportStart: {
    input: { query: GridQuery | null; options: ExportOptions };
    output: { exportId: number };
  };
  /** The next text chunk (~1 MiB), or null when the export is complete. */
  exportNext: { input: { exportId: number }; output: { text: string | null } };
  exportAbort: { input: { exportId: number }; output: null };
}

export type WorkerMethod = keyof WorkerCalls;
export type WorkerInput<M extends WorkerMethod> = WorkerCalls[M]['input'];
export type WorkerOutput<M extends WorkerMethod> = WorkerCalls[M]['output'];

export type WorkerRequest = {
  [M in WorkerMethod]: { id: number; method: M; input: WorkerInput<M> };
}[WorkerMethod];

/** A failure, with the ImportError code when there is one ('cancelled', 'binary-file' …). */
export interface WorkerError {
  code: string;
  message: string;
}

export type WorkerResponse =
  | { kind: 'response'; id: number; ok: true; value: unknown }
  | { kind: 'response'; id: number; ok: false; error: WorkerError };

export interface WorkerProgressEvent {
  kind: 'progress';
  progress: ImportProgress;
}

export type WorkerMessage = WorkerResponse | WorkerProgressEvent;
