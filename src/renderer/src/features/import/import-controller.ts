/**
 * One open list (a file being imported, or a saved list restored) as seen by
 * the UI: phase, progress, counts, mapping, and the operations the user runs.
 *
 * The rows stay in the worker; this holds summaries only. React reads it with
 * useSyncExternalStore, so the state logic stays out of components.
 */
import type { ListMeta, ListPart } from '../../../../shared/lists';
import type { MappingPreset } from '../../../../shared/import/mapping-presets';
import type { ProspectField } from '../../../../shared/import/prospect-fields';
import type {
  DuplicateStrategy,
  GridRow,
  ImportOverrides,
  ImportProgress,
  ImportSummary,
} from '../../../../shared/import/session-types';
import type { PresetAppliedInfo, WorkerError } from '../../workers/protocol';
import { ImportWorkerClient, WorkerCallError } from './worker-client';

/**
 * `starting` until the first rows are queryable, `loading` while the rest
 * arrives (the grid already works), then `loaded`; or `failed` / `cancelled`.
 */
export type ImportPhase = 'starting' | 'loading' | 'loaded' | 'failed' | 'cancelled';

export type ImportSource = { kind: 'file'; file: File } | { kind: 'saved'; meta: ListMeta };

export interface ImportSnapshot {
  source: ImportSource;
  phase: ImportPhase;
  summary: ImportSummary | null;
  preset: PresetAppliedInfo | null;
  progress: ImportProgress | null;
  error: WorkerError | null;
  overrides: ImportOverrides;
  /** Bumped whenever rows or their validation changed: the grid refetches. */
  dataVersion: number;
  /** The saved list this session is (after a save or when opened from Lists). */
  saved: ListMeta | null;
  /** Edited since the last save. */
  dirty: boolean;
  /** A running operation ("Re-validating 100,000 rows…"), for a busy indicator. */
  busy: string | null;
}

/** Reads piece `seq` of a saved list's part (main's `lists:read-chunk`). */
export type ReadListPiece = (
  part: ListPart,
  seq: number,
) => Promise<{ bytes: Uint8Array; last: boolean }>;

/** While loading, counts and grid refresh at most this often (progress arrives ≤ 10/s). */
const REFRESH_MS = 400;

let nextControllerId = 1;

export class ImportController {
  /** Unique per controller (a React key for the view of this list). */
  readonly id = nextControllerId++;
  private snapshot: ImportSnapshot;
  private readonly listeners = new Set<() => void>();
  private lastRefresh = 0;
  private closed = false;

  private constructor(
    readonly client: ImportWorkerClient,
    source: ImportSource,
    overrides: ImportOverrides,
  ) {
    this.snapshot = {
      source,
      phase: 'starting',
      summary: null,
      preset: null,
      progress: null,
      error: null,
      overrides,
      dataVersion: 0,
      saved: source.kind === 'saved' ? source.meta : null,
      dirty: false,
      busy: null,
    };
  }

  /** Imports a File in a new worker; the grid can query as soon as the phase is `loading`. */
  static fromFile(
    file: File,
    options: {
      overrides?: ImportOverrides;
      presets?: MappingPreset[];
      client?: ImportWorkerClient;
    },
  ): ImportController {
    const overrides = options.overrides ?? {};
    const client = options.client ?? new ImportWorkerClient();
    const controller = new ImportController(client, { kind: 'file', file }, overrides);
    client.onProgress((progress) => controller.onProgress(progress));
    void controller.run(async () => {
      const ready = await client.call('start', { file, overrides, presets: options.presets ?? [] });
      controller.update({ phase: 'loading', summary: ready.summary, preset: ready.preset });
      return client.call('done', null);
    });
    return controller;
  }

  /** Restores a saved list: its pieces go straight to the worker (transferred). */
  static fromSaved(
    meta: ListMeta,
    readPiece: ReadListPiece,
    client = new ImportWorkerClient(),
  ): ImportController {
    const controller = new ImportController(client, { kind: 'saved', meta }, {});
    void controller.run(async () => {
      let bytesRead = 0;
      // meta.bytes counts the rows part; the index adds 8 bytes per row + 1.
      const totalBytes = meta.bytes + (meta.rows + 1) * 8;
      for (const part of ['rows', 'offsets'] as const) {
        for (let seq = 0; ; seq++) {
          const { bytes, last } = await readPiece(part, seq);
          bytesRead += bytes.byteLength;
          controller.onProgress({ bytesRead, totalBytes, rows: 0, etaMs: null });
          await client.call('restorePiece', { part, bytes }, [bytes.buffer]);
          if (last) break;
        }
      }
      const ready = await client.call('restore', { meta });
      controller.update({ phase: 'loading', summary: ready.summary });
      return ready.summary;
    });
    return controller;
  }

  getSnapshot = (): ImportSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  cancel(): void {
    void this.client.call('cancel', null).catch(() => undefined);
  }

  /** Terminates the worker: the list's rows are freed. */
  close(): void {
    this.closed = true;
    this.client.close();
    this.listeners.clear();
  }

  assignColumn(column: number, field: ProspectField | null): Promise<void> {
    return this.operation('Re-validating every row…', async () => {
      const summary = await this.client.call('assignColumn', { column, field });
      this.update({ summary, dataVersion: this.snapshot.dataVersion + 1, dirty: true });
    });
  }

  /** Saves an edited row; resolves with the row as re-validated. */
  async editRow(index: number, cells: string[]): Promise<GridRow> {
    const { row, summary } = await this.client.call('editRow', { index, cells });
    this.update({ summary, dataVersion: this.snapshot.dataVersion + 1, dirty: true });
    return row;
  }

  resolveDuplicates(strategy: DuplicateStrategy): Promise<{ removed: number; conflicts: number }> {
    return this.operation('Resolving duplicates…', async () => {
      const before = this.snapshot.summary?.dropped ?? 0;
      const { summary, conflicts } = await this.client.call('resolveDuplicates', { strategy });
      this.update({ summary, dataVersion: this.snapshot.dataVersion + 1, dirty: true });
      return { removed: summary.dropped - before, conflicts };
    });
  }

  /** After a save: this session is now that list, with nothing unsaved. */
  markSaved(meta: ListMeta): void {
    this.update({ saved: meta, dirty: false });
  }

  private async operation<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.update({ busy: label });
    try {
      return await work();
    } finally {
      this.update({ busy: null });
    }
  }

  private async run(load: () => Promise<ImportSummary>): Promise<void> {
    try {
      const summary = await load();
      this.update({ phase: 'loaded', summary, dataVersion: this.snapshot.dataVersion + 1 });
    } catch (error) {
      if (this.closed) return;
      const failure =
        error instanceof WorkerCallError
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: String(error) };
      const phase = failure.code === 'cancelled' ? 'cancelled' : 'failed';
      this.update({ phase, error: failure, dataVersion: this.snapshot.dataVersion + 1 });
    }
  }

  private onProgress(progress: ImportProgress): void {
    this.update({ progress });
    const now = Date.now();
    if (this.snapshot.phase !== 'loading' || now - this.lastRefresh < REFRESH_MS) return;
    this.lastRefresh = now;
    this.client.call('summary', null).then(
      (summary) => {
        if (this.snapshot.phase !== 'loading') return;
        this.update({ summary, dataVersion: this.snapshot.dataVersion + 1 });
      },
      () => undefined,
    );
  }

  private update(patch: Partial<ImportSnapshot>): void {
    if (this.closed) return;
    if (patch.summary) patch.summary = shareUnchanged(this.snapshot.summary, patch.summary);
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/**
 * Keeps the previous summary's headers, mapping, detection and problems when
 * they did not change, so memoised panels (the mapping editor: hundreds of
 * options) skip re-rendering on every progress refresh while a file loads.
 */
function shareUnchanged(previous: ImportSummary | null, next: ImportSummary): ImportSummary {
  if (!previous) return next;
  const same = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  return {
    ...next,
    headers: same(previous.headers, next.headers) ? previous.headers : next.headers,
    mapping: same(previous.mapping, next.mapping) ? previous.mapping : next.mapping,
    detection: same(previous.detection, next.detection) ? previous.detection : next.detection,
    problems:
      previous.problemCount === next.problemCount && same(previous.problems, next.problems)
        ? previous.problems
        : next.problems,
  };
}
