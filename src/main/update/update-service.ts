import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountRef } from '../../shared/connections';
import type { RowKind, RowOutcome } from '../../shared/update/update-types';
import type {
  PreviewRow,
  PreviewSummary,
  UpdatePreviewBuilder,
} from '../../shared/update/update-preview';
import { buildHashedPreview } from '../../shared/update/hashed-preview';
import { defaultFileName } from '../../shared/update/update-plan';
import type { SnapshotMeta } from '../../shared/snapshot';
import { AppError } from '../app-error';
import type { ConnectionsService } from '../connections/connections-service';
import { refOfAccount, woodpeckerAccount } from '../connections/woodpecker-account';
import { newRunId } from '../delete/run-files';
import type { HistoryStore } from '../history/history-store';
import type { ListFiles } from '../lists/list-files';
import type { ListFingerprints } from '../lists/list-fingerprints';
import { SavedListRows } from '../lists/list-targets';
import type { SnapshotService } from '../snapshot/snapshot-service';
import type { SnapshotView } from '../snapshot/snapshot-view';
import { applyUpdate } from './apply-update';
import { writePreviewFiles } from './preview-files';
import type { ApplyUpdateResult } from './apply-update';
import { resumeUpdate } from './resume-update';
import { retryFailed, revertUpdate } from './retry-revert';
import { readOutcomes } from './run-outcomes';
import { readRunFile, updatePaths } from './update-files';
import { listUpdateRuns } from './update-runs';

type Progress = (done: number, total: number | null, message: string) => void;

interface OpenPreview {
  id: string;
  ref: AccountRef;
  list: { id: string; name: string };
  builder: UpdatePreviewBuilder;
  snapshot: SnapshotMeta;
  filters: Map<string, Uint32Array>;
}

/**
 * Previews kept in memory: the page shows one at a time. A preview holds its
 * diff results (a few bytes a row) and the snapshot it was compared with, for
 * the old values it shows and sends: shared with the snapshot service until
 * a sync replaces it, then ~1 GB for a million prospects (outside the V8
 * heap) that only this preview keeps alive. The list rows are read from disk
 * when needed, never held.
 */
const OPEN_PREVIEWS = 1;

/**
 * The app's snippet updates: a preview of a saved list against the account's
 * snapshot (refreshed incrementally first), kept in main; the renderer asks
 * for windows of it and includes or excludes rows; apply, retry and revert
 * run as jobs and are recorded in the history.
 */
export class UpdateService {
  private readonly previews = new Map<string, OpenPreview>();
  private outcomeCache: {
    path: string;
    version: string;
    all: RowOutcome[];
    errors: RowOutcome[];
  } | null = null;

  constructor(
    private readonly deps: {
      dataDir: string;
      connections: ConnectionsService;
      lists: ListFiles;
      fingerprints: ListFingerprints;
      snapshots: SnapshotService;
      history: HistoryStore;
    },
  ) {}

  async preview(
    input: AccountRef & { listId: string; clearBlanks: boolean; refresh: boolean },
    signal: AbortSignal,
    report: Progress,
  ): Promise<{ previewId: string; summary: PreviewSummary; snapshot: SnapshotMeta; list: string }> {
    const ref: AccountRef = {
      connectionId: input.connectionId,
      ...(input.companyId !== undefined && { companyId: input.companyId }),
    };
    if (input.refresh) await this.deps.snapshots.sync(ref, 'incremental', signal, report);
    const rows = await SavedListRows.open(this.deps.dataDir, input.listId, () =>
      this.deps.lists.meta(input.listId),
    );
    const { meta } = rows;
    let builder: UpdatePreviewBuilder;
    let view: SnapshotView;
    try {
      // Usually ready: prepared in the background when the list was saved.
      const fingerprint = await this.deps.fingerprints.get(meta, {
        rows: () => rows.loadAll(),
        signal,
        onProgress: (done, total) => report(done, total, 'Preparing the list (once per save)…'),
      });
      try {
        report(0, fingerprint.count, 'Comparing with the snapshot…');
        view = await this.deps.snapshots.open(ref);
        builder = await buildHashedPreview(
          { fingerprint, meta, readRows: rows.reader() },
          view.fingerprints(),
          {
            clearBlanks: input.clearBlanks,
            signal,
            onProgress: (done, total) => report(done, total, 'Comparing with the snapshot…'),
          },
        );
      } finally {
        await fingerprint.close();
      }
    } finally {
      await rows.close();
    }
    const id = `pv_${randomBytes(6).toString('hex')}`;
    this.previews.set(id, {
      id,
      ref,
      list: { id: meta.id, name: meta.name },
      builder,
      snapshot: view.meta,
      filters: new Map(),
    });
    while (this.previews.size > OPEN_PREVIEWS)
      this.previews.delete(this.previews.keys().next().value!);
    return { previewId: id, summary: builder.summary(), snapshot: view.meta, list: meta.name };
  }

  async rows(input: {
    previewId: string;
    kinds: RowKind[];
    offset: number;
    limit: number;
  }): Promise<{ total: number; rows: PreviewRow[] }> {
    const preview = this.get(input.previewId);
    const key = [...input.kinds].sort().join(',');
    let indices = preview.filters.get(key);
    if (!indices) {
      indices = preview.builder.filter(new Set(input.kinds));
      preview.filters.set(key, indices);
    }
    const end = Math.min(indices.length, input.offset + input.limit);
    const rows = await preview.builder.rowsAt(Array.from(indices.subarray(input.offset, end)));
    return { total: indices.length, rows };
  }

  include(input: {
    previewId: string;
    index?: number;
    kind?: 'new' | 'changed';
    included: boolean;
  }): PreviewSummary {
    const preview = this.get(input.previewId);
    if (input.index !== undefined && !preview.builder.setIncluded(input.index, input.included)) {
      throw new AppError('validation', 'Only new and changed rows can be included.');
    }
    if (input.kind !== undefined) preview.builder.setKindIncluded(input.kind, input.included);
    return preview.builder.summary();
  }

  async apply(
    input: { previewId: string; fileName?: string; batchSize?: number },
    signal: AbortSignal,
    report: Progress,
  ): Promise<ApplyUpdateResult> {
    const preview = this.get(input.previewId);
    const startedAt = new Date().toISOString();
    const { client, connection } = await this.account(preview.ref);
    const record = this.deps.connections.get(preview.ref.connectionId);
    const runId = newRunId('upd', new Date(), randomBytes(3).toString('hex'));
    report(0, null, 'Writing the change preview…');
    const planned = await writePreviewFiles(this.runDir(runId), preview.builder);
    const result = await applyUpdate({
      dir: this.runDir(runId),
      runId,
      // The origin (never the key) lets the CLI take a rotated key of this account.
      connection: { ...connection, ...(record.kind !== 'sandbox' && { origin: record.baseUrl }) },
      list: preview.list.name,
      client,
      planned,
      skipped: preview.builder.skippedOutcomes(),
      fileName: input.fileName?.trim() || defaultFileName(preview.list.name, new Date()),
      ...(input.batchSize && { batchSize: input.batchSize }),
      signal,
      onPhase: (phase) =>
        report(0, planned.length, phase === 'backup' ? 'Backing up what will change…' : 'Sending…'),
      onProgress: (p) => report(p.done, p.total, `Sent ${p.done} of ${p.total}`),
    });
    await this.record('update', preview.ref, connection.label, runId, startedAt, {
      counts: { ...result.counts, requests: result.requests },
      list: preview.list,
    });
    return result;
  }

  async retry(runId: string, signal: AbortSignal, report: Progress) {
    const { ref, client, connection, dir } = await this.runAccount(runId);
    const startedAt = new Date().toISOString();
    const result = await retryFailed({
      dir,
      client,
      connectionId: connection.id,
      signal,
      onProgress: (p) => report(p.done, p.total, `Sent ${p.done} of ${p.total}`),
    });
    await this.record('retry', ref, connection.label, runId, startedAt, {
      counts: { retried: result.retried, reconciled: result.reconciled, ...result.counts },
    });
    return result;
  }

  /**
   * Continues an apply that stopped before it finished (the app was closed or
   * the computer shut down): resume-update.ts. Recorded in the history as
   * an update, saying it was resumed.
   */
  async resume(runId: string, signal: AbortSignal, report: Progress) {
    const { ref, client, connection, dir, list } = await this.runAccount(runId);
    const startedAt = new Date().toISOString();
    report(0, null, 'Checking what was sent before it stopped…');
    const result = await resumeUpdate({
      dir,
      client,
      connectionId: connection.id,
      signal,
      onProgress: (p) => report(p.done, p.total, `Sent ${p.done} of ${p.total}`),
    });
    await this.record('update', ref, connection.label, runId, startedAt, {
      counts: { ...result.counts, requests: result.requests },
      message: result.resumed
        ? 'Resumed after it stopped before finishing: rows already sent were not sent again.'
        : 'Nothing left to resume: the files were rebuilt from the journal.',
      ...(list && { list: { id: '', name: list } }),
    });
    return result;
  }

  async revert(runId: string, signal: AbortSignal, report: Progress) {
    const { ref, client, connection, dir } = await this.runAccount(runId);
    const startedAt = new Date().toISOString();
    const result = await revertUpdate({
      dir,
      client,
      connectionId: connection.id,
      signal,
      onProgress: (p) => report(p.done, p.total, `Reverted ${p.done} of ${p.total}`),
    });
    await this.record('revert', ref, connection.label, runId, startedAt, {
      counts: { reverted: result.reverted, failed: result.failed, added: result.added },
      files: [
        { label: 'Revert: success CSV', path: result.files.success },
        { label: 'Revert: error CSV', path: result.files.errors },
      ],
    });
    return result;
  }

  /** The update runs in the data folder, newest first (the Update page's "Earlier updates"). */
  runs() {
    return listUpdateRuns(join(this.deps.dataDir, 'updates'));
  }

  /**
   * The account a run belongs to, taken from the run itself: the app never
   * acts on a run with another connection. When the run's connection was
   * removed there is no key for it here, and a new connection is another
   * account to the app: refused, saying what to do.
   */
  private async runAccount(runId: string) {
    const dir = this.runDir(runId);
    const { run } = await readRunFile(dir);
    const ref = refOfAccount(run.connection);
    const known = (await this.deps.connections.list()).connections.some(
      (c) => c.id === ref.connectionId,
    );
    if (!known) {
      throw new AppError(
        'not_found',
        `This update was made with the connection "${run.connection.label}", which was removed from Prospect Desk, so it cannot be resumed, retried or reverted here: nothing was sent. Use the command line with that account's API key: prospect-desk update --resume|--retry-failed|--revert "${dir}" --key-env VAR --key-rotated.`,
      );
    }
    const { client, connection } = await this.account(ref);
    return { ref, client, connection, dir, list: run.list };
  }

  /** A window of a run's outcomes, errors only or all, for the results view. */
  async outcomes(input: { runId: string; errorsOnly: boolean; offset: number; limit: number }) {
    const { all, errors } = await this.loadOutcomes(input.runId);
    const rows = input.errorsOnly ? errors : all;
    return { total: rows.length, rows: rows.slice(input.offset, input.offset + input.limit) };
  }

  /**
   * The run's outcomes, read once per version of the file: the results view
   * pages through them 100 at a time, and a run can have a million rows.
   */
  private async loadOutcomes(runId: string) {
    const dir = this.runDir(runId);
    const paths = updatePaths(dir);
    const { mtimeMs } = await stat(paths.run).catch(() => {
      throw new AppError('not_found', `Update run ${runId} has no results.`);
    });
    const journal = await stat(paths.journal).catch(() => null);
    const version = `${mtimeMs}:${journal?.mtimeMs ?? 0}:${journal?.size ?? 0}`;
    const cached = this.outcomeCache;
    if (cached?.path === dir && cached.version === version) return cached;
    const all = await readOutcomes(dir);
    const errors = all.filter((o) => o.outcome === 'failed' || o.outcome === 'unknown');
    this.outcomeCache = { path: dir, version, all, errors };
    return this.outcomeCache;
  }

  private async record(
    kind: 'update' | 'retry' | 'revert',
    ref: AccountRef,
    label: string,
    runId: string,
    startedAt: string,
    extra: {
      counts: Record<string, number>;
      list?: { id: string; name: string };
      files?: { label: string; path: string }[];
      message?: string;
    },
  ): Promise<void> {
    const dir = this.runDir(runId);
    const paths = updatePaths(dir);
    const unresolved = (extra.counts.failed ?? 0) + (extra.counts.unknown ?? 0);
    await this.deps.history.append({
      kind,
      state: unresolved === 0 ? 'succeeded' : 'incomplete',
      startedAt,
      finishedAt: new Date().toISOString(),
      connection: {
        id: ref.connectionId,
        label,
        ...(ref.companyId && { companyId: ref.companyId }),
      },
      runId,
      counts: extra.counts,
      files: extra.files ?? [
        { label: 'Success CSV', path: paths.success },
        { label: 'Error CSV', path: paths.errors },
        { label: 'Change preview', path: paths.previewCsv },
      ],
      backup: join(dir, `${runId}.manifest.json`),
      ...(extra.list && { list: extra.list }),
      ...(extra.message && { message: extra.message }),
    });
  }

  private get(previewId: string): OpenPreview {
    const preview = this.previews.get(previewId);
    if (!preview) {
      throw new AppError('not_found', 'This preview is no longer open: preview the list again.');
    }
    return preview;
  }

  private runDir(runId: string): string {
    if (!/^upd-[0-9A-Za-z-]+$/.test(runId)) throw new AppError('validation', 'Not an update run.');
    return join(this.deps.dataDir, 'updates', runId);
  }

  private account(ref: AccountRef) {
    return woodpeckerAccount(this.deps.connections, ref, 'An update');
  }
}
