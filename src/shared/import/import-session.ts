/**
 * One imported spreadsheet: parse → map → validate → de-duplicate, with rows
 * kept compactly for the grid, edits, duplicate resolution and export.
 *
 * The same class runs in the renderer's import worker and in Node (the CLI
 * `check` command, tests, benchmarks). Rows are validated as they are parsed,
 * so the grid can show the first rows while the rest still loads.
 */
import type { ListMeta, ListMetaInput } from '../lists';
import { autoMap, assignColumn, mappingFromColumns } from './header-mapping';
import type { ColumnMapping } from './header-mapping';
import { applyPreset, findPreset } from './mapping-presets';
import type { MappingPreset } from './mapping-presets';
import { compileRowPlan } from './normalise-row';
import type { RowPlan } from './normalise-row';
import { emailKey } from './normalise-cell';
import type { ProspectField } from './prospect-fields';
import { parseSource } from './parse-source';
import type { ParsedSource } from './parse-source';
import { decodeLineShifts, encodeLineShifts } from '../list-lines';
import { RowStore } from './row-store';
import { GrowableArray } from './growable';
import { DuplicateTracker } from './duplicate-tracker';
import { exportChunks } from './session-export';
import { queryKey, selectRows } from './session-view';
import { resolveDuplicates } from './dedupe';
import type { CellError } from './validate-row';
import { ROW_DROPPED, ROW_DUPLICATE, ROW_EDITED, ROW_INVALID } from './session-types';
import type {
  DuplicateStrategy,
  ExportOptions,
  FileProblem,
  GridQuery,
  GridRow,
  GridWindow,
  ImportDetection,
  ImportOverrides,
  ImportProgress,
  ImportSummary,
} from './session-types';

export interface StartImportOptions {
  fileName: string;
  totalBytes: number | null;
  overrides?: ImportOverrides;
  /** A preset whose headers match (exactly or closely) is applied. */
  presets?: readonly MappingPreset[];
  /** Apply this preset whatever the headers (the CLI's `--mapping`). */
  preset?: MappingPreset;
  signal?: AbortSignal;
  /** Throttled to at most 10 calls a second. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface PresetApplied {
  presetId: string;
  name: string;
  missingHeaders: string[];
  newHeaders: string[];
}

const SAMPLE_ROWS = 20;
const MAX_LISTED_PROBLEMS = 1000;
const PROGRESS_INTERVAL_MS = 100;

export class ImportSession {
  readonly ready: Promise<ImportSummary>;
  readonly done: Promise<ImportSummary>;

  private store = new RowStore();
  private readonly lines = new GrowableArray((n) => new Uint32Array(n));
  private readonly flagBytes = new GrowableArray((n) => new Uint8Array(n));
  /** Rows sharing an email key; confirms hash matches by reading rows back. */
  private readonly duplicates = new DuplicateTracker((row) => this.keyOfRow(row), this.flagBytes);
  private headers: string[] = [];
  private mapping: ColumnMapping = { columns: [], snippetCandidates: [] };
  private plan: RowPlan = compileRowPlan(this.mapping);
  private detection: ImportDetection = {
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    lineEnding: '\n',
    headerRow: 0,
  };
  private problems: FileProblem[] = [];
  private problemCount = 0;
  private preset: PresetApplied | null = null;
  /** Rows with errors, not counting rows dropped by a duplicate resolution. */
  private invalid = 0;
  private dropped = 0;
  private view: { key: string; rows: Uint32Array; version: number } | null = null;
  private version = 0;
  private readonly values: string[] = [];
  /** `keyOfRow`'s own buffer: it runs in the middle of `validate`. */
  private readonly keyValues: string[] = [];

  private constructor(
    private readonly fileName: string,
    private readonly fileBytes: number | null,
    start: (session: ImportSession) => { ready: Promise<void>; done: Promise<void> },
  ) {
    const { ready, done } = start(this);
    this.ready = ready.then(() => this.summary());
    this.done = done.then(() => this.summary());
    // Callers may await only one of them; neither rejection may go unhandled.
    this.ready.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  /** Starts parsing at once; rows become queryable as they arrive. */
  static start(source: AsyncIterable<Uint8Array>, options: StartImportOptions): ImportSession {
    return new ImportSession(options.fileName, options.totalBytes, (session) =>
      session.load(source, options),
    );
  }

  /** A saved list back into a session (our own files: no detection); re-validates. */
  static fromSaved(meta: ListMeta, rows: Uint8Array, offsets: Float64Array): ImportSession {
    return new ImportSession(meta.sourceFile, meta.fileBytes, (session) => {
      const restored = RowStore.deserialize(rows, offsets);
      session.detection = meta.detection;
      session.headers = meta.headers;
      session.mapping = mappingFromColumns(
        meta.columns.map((c) => ({
          ...c,
          field: c.field as ProspectField | null,
        })) as ColumnMapping['columns'],
      );
      session.plan = compileRowPlan(session.mapping);
      session.store = restored;
      // Lists saved before line shifts were kept number one record per line.
      const lines = decodeLineShifts(meta.lineShifts, restored.length, meta.detection.headerRow);
      for (let i = 0; i < restored.length; i++) {
        session.lines.push(lines[i]!);
        session.flagBytes.push(0);
      }
      session.revalidateAll();
      for (const row of meta.droppedRows ?? []) session.drop(row);
      const settled = Promise.resolve();
      return { ready: settled, done: settled };
    });
  }

  summary(): ImportSummary {
    let duplicates = 0;
    for (const rows of this.duplicates.groups.values()) duplicates += rows.length - 1;
    const rows = this.store.length;
    return {
      fileName: this.fileName,
      fileBytes: this.fileBytes,
      detection: this.detection,
      headers: this.headers,
      mapping: this.mapping,
      rows,
      valid: rows - this.invalid - this.dropped,
      invalid: this.invalid,
      duplicates,
      duplicateGroups: this.duplicates.groups.size,
      dropped: this.dropped,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }

  /** Bytes the rows take outside the V8 heap (benchmarks, diagnostics). */
  storeBytes(): number {
    return this.store.byteSize();
  }

  presetApplied(): PresetApplied | null {
    return this.preset;
  }

  setMapping(mapping: ColumnMapping): ImportSummary {
    this.mapping = mapping;
    this.plan = compileRowPlan(mapping);
    this.revalidateAll();
    return this.summary();
  }

  assignColumn(column: number, field: ProspectField | null): ImportSummary {
    return this.setMapping(assignColumn(this.mapping, column, field));
  }

  query(query: GridQuery, offset: number, limit: number): GridWindow {
    const key = queryKey(query);
    if (!this.view || this.view.key !== key || this.view.version !== this.version) {
      this.view = { key, rows: selectRows(this.rowSource(), query), version: this.version };
    }
    const selected = this.view.rows;
    const start = Math.max(0, Math.min(offset, selected.length));
    const end = Math.min(selected.length, start + Math.max(0, limit));
    const rows: GridRow[] = [];
    for (let i = start; i < end; i++) rows.push(this.gridRow(selected[i]!));
    return { total: selected.length, offset: start, rows };
  }

  editRow(index: number, cells: string[]): GridRow {
    const before = this.store.get(index);
    this.store.set(index, cells);
    this.flagBytes.set(index, this.flagBytes.get(index) | ROW_EDITED);
    this.duplicates.forget(index, this.keyOf(before, index));
    this.validate(index, cells);
    this.version++;
    return this.gridRow(index);
  }

  resolveDuplicates(strategy: DuplicateStrategy): { summary: ImportSummary; conflicts: number } {
    const groups = [...this.duplicates.groups].map(([key, rows]) => ({ key, rows: [...rows] }));
    const plan = this.plan;
    const resolution = resolveDuplicates(
      groups,
      strategy,
      (row) => plan(this.store.get(row), this.lines.get(row)).values,
      { equals: (a, b) => a.toLowerCase() === b.toLowerCase() },
    );
    for (const [row, merged] of resolution.merged) {
      const cells = this.store.get(row);
      plan.sourceColumns.forEach((column, i) => (cells[column] = merged[i] ?? ''));
      this.editRow(row, cells);
    }
    for (const row of resolution.dropped) this.drop(row);
    for (const { rows } of groups) {
      for (const row of rows) this.flagBytes.set(row, this.flagBytes.get(row) & ~ROW_DUPLICATE);
    }
    this.duplicates.groups.clear();
    this.version++;
    return { summary: this.summary(), conflicts: resolution.conflicts.length };
  }

  exportChunks(query: GridQuery | null, options: ExportOptions): Generator<string> {
    const indices = query ? selectRows(this.rowSource(), query) : rangeOf(this.store.length);
    return exportChunks(
      {
        headers: this.headers,
        plan: this.plan,
        cells: (i) => this.store.get(i),
        flags: (i) => this.flagBytes.get(i),
        line: (i) => this.lines.get(i),
      },
      indices,
      options,
    );
  }

  /** Every row with cell errors, in source order (for reports). */
  *rowErrors(): Generator<{ index: number; line: number; errors: readonly CellError[] }> {
    for (let index = 0; index < this.store.length; index++) {
      if ((this.flagBytes.get(index) & (ROW_INVALID | ROW_DROPPED)) !== ROW_INVALID) continue;
      yield { index, line: this.lines.get(index), errors: this.errorsOf(index) };
    }
  }

  /** Duplicate groups still undecided: the shared email and the source lines. */
  duplicateGroups(): { email: string; lines: number[] }[] {
    return [...this.duplicates.groups].map(([email, rows]) => ({
      email,
      lines: rows.map((row) => this.lines.get(row)),
    }));
  }

  serialize(): { rows: Uint8Array; offsets: Float64Array; droppedRows: number[] } {
    return { ...this.store.serialize(), droppedRows: this.droppedRows() };
  }

  private droppedRows(): number[] {
    const dropped: number[] = [];
    for (let i = 0; i < this.store.length; i++) {
      if (this.flagBytes.get(i) & ROW_DROPPED) dropped.push(i);
    }
    return dropped;
  }

  toListMetaInput(name: string): ListMetaInput {
    const summary = this.summary();
    return {
      name,
      sourceFile: this.fileName,
      fileBytes: this.fileBytes,
      detection: this.detection,
      headers: this.headers,
      columns: this.mapping.columns,
      rows: summary.rows,
      valid: summary.valid,
      invalid: summary.invalid,
      duplicates: summary.duplicates,
      dropped: summary.dropped,
      droppedRows: this.droppedRows(),
      lineShifts: encodeLineShifts(this.lines.view(), this.detection.headerRow),
    };
  }

  // ── loading ──────────────────────────────────────────────────────────────

  private load(
    source: AsyncIterable<Uint8Array>,
    options: StartImportOptions,
  ): { ready: Promise<void>; done: Promise<void> } {
    let markReady!: () => void;
    let failReady!: (error: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    const started = Date.now();
    let lastProgress = 0;
    let bytesRead = 0;
    const progress = (force: boolean) => {
      if (!options.onProgress) return;
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      const total = options.totalBytes;
      const etaMs =
        total && bytesRead > 0 && bytesRead < total
          ? Math.round(((now - started) / bytesRead) * (total - bytesRead))
          : null;
      options.onProgress({ bytesRead, totalBytes: total, rows: this.store.length, etaMs });
    };

    const done = (async () => {
      const parsed: ParsedSource = await parseSource(source, {
        overrides: options.overrides ?? {},
        signal: options.signal,
        onBytes: (bytes) => {
          bytesRead = bytes;
          progress(false);
        },
      });
      this.detection = parsed.detection;
      this.headers = parsed.header;
      let first = true;
      for await (const batch of parsed.batches) {
        if (first && batch.records.length > 0) {
          this.chooseMapping(batch.records.slice(0, SAMPLE_ROWS), options);
          first = false;
        }
        this.addRows(batch.records, batch.lines);
        this.collectProblems(parsed.takeProblems());
        this.version++;
        markReady();
        progress(false);
      }
      if (first) this.chooseMapping([], options);
      this.collectProblems(parsed.takeProblems());
      this.version++;
      markReady();
      progress(true);
    })();
    done.catch(failReady);
    return { ready, done };
  }

  private chooseMapping(samples: readonly string[][], options: StartImportOptions): void {
    const chosen = options.preset ?? findPreset(options.presets ?? [], this.headers)?.preset;
    if (chosen) {
      const applied = applyPreset(chosen, this.headers, { sampleRows: samples });
      this.mapping = applied.mapping;
      this.preset = {
        presetId: chosen.id,
        name: chosen.name,
        missingHeaders: applied.missingHeaders,
        newHeaders: applied.newHeaders,
      };
    } else {
      this.mapping = autoMap(this.headers, { sampleRows: samples });
    }
    this.plan = compileRowPlan(this.mapping);
  }

  private addRows(records: readonly string[][], lines: readonly number[]): void {
    const first = this.store.appendMany(records);
    for (let r = 0; r < records.length; r++) {
      this.lines.push(lines[r]!);
      this.flagBytes.push(0);
    }
    for (let r = 0; r < records.length; r++) this.validate(first + r, records[r]!);
  }

  private collectProblems(problems: FileProblem[]): void {
    for (const problem of problems) {
      this.problemCount++;
      if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push(problem);
    }
  }

  // ── validation and duplicates ────────────────────────────────────────────

  private validate(index: number, cells: readonly string[]): void {
    // Only the flag is kept: a file of a million bad rows would otherwise hold
    // a million error objects, each keeping its whole row's text alive (the
    // value in it is cut from the row). The grid and reports recompute them.
    const errors = this.plan.into(cells, this.lines.get(index), this.values);
    const before = this.flagBytes.get(index);
    const wasInvalid = (before & ROW_INVALID) !== 0;
    let flags = before & ~(ROW_INVALID | ROW_DUPLICATE);
    if (errors.length > 0) {
      flags |= ROW_INVALID;
      if (!wasInvalid && !(flags & ROW_DROPPED)) this.invalid++;
    } else if (wasInvalid && !(flags & ROW_DROPPED)) {
      this.invalid--;
    }
    this.flagBytes.set(index, flags);
    if (flags & ROW_DROPPED) return;
    if (this.plan.emailIndex !== -1) {
      this.duplicates.remember(index, this.values[this.plan.emailIndex]!);
    }
  }

  private keyOf(cells: readonly string[], index: number): string | null {
    if (this.plan.emailIndex === -1) return null;
    const { values } = this.plan(cells, this.lines.get(index));
    const email = values[this.plan.emailIndex] ?? '';
    return email === '' ? null : emailKey(email);
  }

  /** A stored row's current email key (for the duplicate index's read-backs). */
  private keyOfRow(index: number): string | null {
    if (this.plan.emailIndex === -1) return null;
    this.plan.into(this.store.get(index), this.lines.get(index), this.keyValues);
    const email = this.keyValues[this.plan.emailIndex] ?? '';
    return email === '' ? null : emailKey(email);
  }

  private revalidateAll(): void {
    this.duplicates.clear();
    this.invalid = 0;
    for (let i = 0; i < this.store.length; i++) {
      this.flagBytes.set(i, this.flagBytes.get(i) & ~ROW_INVALID);
    }
    for (let i = 0; i < this.store.length; i++) this.validate(i, this.store.get(i));
    this.version++;
  }

  private drop(index: number): void {
    const flags = this.flagBytes.get(index);
    if (flags & ROW_DROPPED) return;
    this.duplicates.forget(index, this.keyOf(this.store.get(index), index));
    this.flagBytes.set(index, (this.flagBytes.get(index) & ~ROW_DUPLICATE) | ROW_DROPPED);
    this.dropped++;
    if (flags & ROW_INVALID) this.invalid--;
  }

  private gridRow(index: number): GridRow {
    return {
      index,
      line: this.lines.get(index),
      cells: this.store.get(index),
      flags: this.flagBytes.get(index),
      errors: this.flagBytes.get(index) & ROW_INVALID ? [...this.errorsOf(index)] : [],
    };
  }

  /** A row's cell errors, recomputed (see `validate`). */
  private errorsOf(index: number): readonly CellError[] {
    return this.plan(this.store.get(index), this.lines.get(index)).errors;
  }

  private rowSource() {
    return {
      count: this.store.length,
      flags: (i: number) => this.flagBytes.get(i),
      cells: (i: number) => this.store.get(i),
    };
  }
}

function* rangeOf(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
