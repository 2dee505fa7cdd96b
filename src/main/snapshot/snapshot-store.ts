import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Prospect } from '../../shared/prospect';
import { AppError } from '../app-error';
import { withLease } from '../store/lease-lock';
import { fsyncDirectory, writeFileDurably } from '../store/atomic-write';
import { decodeRecord } from './record-codec';
import type { SnapshotColumns } from './snapshot-builder';
import { readSnapshotFile, readSnapshotMeta, writeSnapshotFile } from './snapshot-file';
import type { LoadedSnapshot } from './snapshot-file';
import type { SnapshotMeta } from './snapshot-meta';

/**
 * Where one connection's snapshot lives:
 *
 *   snapshots/<key>/snapshot.bin          the complete snapshot (snapshot-file.ts)
 *   snapshots/<key>/pending/sync.json     a full sync under way: {"startedAt":"2026-…","perPage":1000}
 *   snapshots/<key>/pending/page-000001.jsonl
 *                                         {"total":2500}                    then one record per line:
 *                                         [1,"ann@acme.com","ACTIVE",…]      (record-codec.ts)
 *
 * Each page is written durably as it arrives, so a cancelled or crashed full
 * sync resumes at the next page; the complete snapshot is only replaced when
 * a sync finishes.
 */
export interface SnapshotTarget {
  /** The connection (account, or the Sandbox) as the app names it. */
  connectionId: string;
  /** An agency client company acted on with `x-company-id`. */
  companyId?: number;
}

/** A full sync that stopped before the end (cancelled, failed or crashed). */
export interface PendingSync {
  startedAt: string;
  perPage: number;
  /** Pages 1…pages are saved. */
  pages: number;
  /** Prospects in those pages. */
  fetched: number;
  /** X-Total-Count of the last saved page. */
  total: number | null;
}

const PendingStartSchema = z.object({
  startedAt: z.string(),
  perPage: z.number().int().positive(),
});
const PageHeadSchema = z.object({ total: z.number().int().nonnegative().nullable() });
const PAGE_FILE = /^page-(\d{6,})\.jsonl$/;

/** A folder name for a target: readable, safe on every OS, and unique. */
export function snapshotKey(target: SnapshotTarget): string {
  const { connectionId, companyId } = target;
  if (connectionId === '') throw new AppError('validation', 'A snapshot needs a connection id.');
  if (companyId !== undefined && !(Number.isSafeInteger(companyId) && companyId >= 0)) {
    throw new AppError('validation', `Company id ${companyId} is not a whole number.`);
  }
  const readable = connectionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  // Different ids may sanitise alike ("a/b", "a:b"): a hash of the raw id keeps them apart.
  const hash = createHash('sha256').update(connectionId).digest('hex').slice(0, 8);
  return `${readable}-${hash}${companyId === undefined ? '' : `-company-${companyId}`}`;
}

/** The files of one target's snapshot. */
export class SnapshotStore {
  readonly dir: string;
  readonly target: SnapshotTarget;

  constructor(dataDir: string, target: SnapshotTarget) {
    this.target = { ...target };
    this.dir = join(dataDir, 'snapshots', snapshotKey(target));
  }

  get snapshotPath(): string {
    return join(this.dir, 'snapshot.bin');
  }

  private get pendingDir(): string {
    return join(this.dir, 'pending');
  }

  /** Metadata of the complete snapshot, or null when there is none yet. */
  async readMeta(): Promise<SnapshotMeta | null> {
    try {
      return await readSnapshotMeta(this.snapshotPath);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** The complete snapshot, or null when there is none yet (a damaged one throws). */
  async load(): Promise<LoadedSnapshot | null> {
    try {
      return await readSnapshotFile(this.snapshotPath);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Replaces the complete snapshot atomically. */
  async commit(meta: SnapshotMeta, columns: SnapshotColumns): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeSnapshotFile(this.snapshotPath, meta, columns);
  }

  /** The interrupted full sync, or null. Only the unbroken run of pages from 1 counts. */
  async readPending(): Promise<PendingSync | null> {
    let start: z.infer<typeof PendingStartSchema>;
    try {
      const text = await readFile(join(this.pendingDir, 'sync.json'), 'utf8');
      start = PendingStartSchema.parse(JSON.parse(text));
    } catch (error) {
      if (isNotFound(error)) return null;
      // A damaged progress file only costs a fresh start.
      await this.dropPending();
      return null;
    }
    const numbers = new Set<number>();
    for (const name of await readdir(this.pendingDir)) {
      const match = PAGE_FILE.exec(name);
      if (match) numbers.add(Number(match[1]));
    }
    let pages = 0;
    while (numbers.has(pages + 1)) pages++;
    let fetched = 0;
    let total: number | null = null;
    if (pages > 0) {
      try {
        const last = await this.readPage(pages);
        fetched = (pages - 1) * start.perPage + last.prospects.length;
        total = last.total;
      } catch {
        await this.dropPending();
        return null;
      }
    }
    return { ...start, pages, fetched, total };
  }

  /** Starts recording a full sync (drops any earlier one). */
  async beginPending(startedAt: string, perPage: number): Promise<void> {
    await this.dropPending();
    await mkdir(this.pendingDir, { recursive: true });
    await fsyncDirectory(this.dir);
    await writeFileDurably(
      join(this.pendingDir, 'sync.json'),
      JSON.stringify({ startedAt, perPage }),
    );
  }

  /** Saves page `page` durably: its X-Total-Count and encodeRecord() lines. */
  async savePage(page: number, total: number | null, records: readonly string[]): Promise<void> {
    const head = JSON.stringify({ total });
    await writeFileDurably(this.pagePath(page), [head, ...records].join('\n'));
  }

  async readPage(page: number): Promise<{ total: number | null; prospects: Prospect[] }> {
    const lines = (await readFile(this.pagePath(page), 'utf8')).split('\n');
    try {
      const { total } = PageHeadSchema.parse(JSON.parse(lines[0] ?? ''));
      return { total, prospects: lines.slice(1).map(decodeRecord) };
    } catch {
      throw new Error(`The saved page ${page} of an interrupted sync is damaged.`);
    }
  }

  async dropPending(): Promise<void> {
    await rm(this.pendingDir, { recursive: true, force: true });
  }

  /** Deletes the snapshot and any interrupted sync (e.g. when the connection is removed). */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Runs `fn` while no other sync of this target runs, in this process or
   * another (the app and the CLI share the data folder); a second one is
   * refused at once, naming the process, rather than interleaving page files.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withLease(
      join(this.dir, 'sync.lock'),
      'snapshot sync',
      'A sync of this connection',
      async () => {
        await this.tidy();
        return fn();
      },
    );
  }

  /** Temp files a crash left behind (atomic-write names them `.<name>.<hex>.tmp`). */
  private async tidy(): Promise<void> {
    for (const dir of [this.dir, this.pendingDir]) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (isNotFound(error)) continue;
        throw error;
      }
      for (const name of names) {
        if (name.startsWith('.') && name.endsWith('.tmp'))
          await rm(join(dir, name), { force: true });
      }
    }
  }

  private pagePath(page: number): string {
    return join(this.pendingDir, `page-${String(page).padStart(6, '0')}.jsonl`);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
