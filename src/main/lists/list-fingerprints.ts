import { join } from 'node:path';
import { z } from 'zod';
import type { RowStore } from '../../shared/import/row-store';
import type { ListMeta } from '../../shared/lists';
import { raceAbort } from '../../shared/race-abort';
import type { SliceOptions } from '../../shared/sliced-loop';
import {
  buildListFingerprint,
  checkListFingerprint,
  FINGERPRINT_VERSION,
} from '../../shared/update/list-fingerprint';
import type { ListFingerprint } from '../../shared/update/list-fingerprint';
import { FIELD_HASH_VERSION } from '../../shared/update/field-hash';
import type { Logger } from '../log';
import { bytesOf, SectionFile, writeSectionFile } from '../store/section-file';
import { LIST_ID } from './list-folders';
import { loadListRows } from './list-targets';

/**
 * The update preview's fingerprint of each saved list (shared/update/list-fingerprint.ts),
 * kept as `lists/<id>/fingerprint.bin` beside the rows it was computed from:
 *
 *   "PDLISTFP" section file (store/section-file.ts), header
 *   {"version":1,"hashVersion":1,"list":{"updatedAt":"…","bytes":912345,"rows":3000},"fields":["email",…],"count":2990,…}
 *   sections lines Float64[n] · sources Uint32[n] · flags Uint8[n] ·
 *   emailStarts Uint32[n+1] · emails · keyStarts Uint32[n+1] · keys · lanes Uint32[n × fields × 2]
 *
 * It is a cache: computed in the background after a list is saved, or by the
 * preview when missing; used only while it matches the list (saved time,
 * size, rows) and this version of the code (FINGERPRINT_VERSION, FIELD_HASH_VERSION).
 * A re-save replaces the list's folder, and the fingerprint with it.
 */
const MAGIC = 'PDLISTFP';
const FILE = 'fingerprint.bin';

const Span = z.object({
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
const HeaderSchema = z.object({
  version: z.number().int(),
  hashVersion: z.number().int(),
  list: z.object({ updatedAt: z.string(), bytes: z.number(), rows: z.number() }),
  fields: z.array(z.string()),
  count: z.number().int().nonnegative(),
  sections: z.record(z.string(), Span),
});

export class ListFingerprints {
  private readonly building = new Map<string, Promise<ListFingerprint>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly dataDir: string,
    private readonly logger?: Logger,
  ) {}

  /**
   * The list's fingerprint: the saved one when it still matches, else
   * computed (its progress reported through `options`) and saved. `rows`
   * loads the list's rows (default: from disk) when it must be computed.
   */
  async get(
    meta: ListMeta,
    options: SliceOptions & { rows?: () => Promise<RowStore> } = {},
  ): Promise<ListFingerprint> {
    const saved = await this.read(meta);
    if (saved) return saved;
    const rows = options.rows ?? (() => loadListRows(this.dataDir, meta.id));
    // Shared with a build already running (the one started by the save), so
    // this preview's cancel must not wait for it.
    const building = this.build(meta, rows, options);
    return options.signal ? raceAbort(building, options.signal) : building;
  }

  /** Computes and saves a just-saved list's fingerprint without holding anything up. */
  prepareInBackground(meta: ListMeta): void {
    const { signal } = this.closing;
    this.build(meta, () => loadListRows(this.dataDir, meta.id), { signal }).catch(
      (error: unknown) => {
        // The preview computes it when it needs it; nothing is lost.
        if (!signal.aborted) this.warn('List fingerprint not prepared', meta, error);
      },
    );
  }

  /** Stops background work and waits for it (app shutdown). */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.building.values()]);
  }

  /** The saved fingerprint if it matches the list and this code, else null. */
  async read(meta: ListMeta): Promise<ListFingerprint | null> {
    let file: SectionFile;
    try {
      file = await SectionFile.read(this.path(meta.id), MAGIC, damaged);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.warn('List fingerprint unreadable: computing it again', meta, error);
      }
      return null;
    }
    const parsed = HeaderSchema.safeParse(file.header);
    if (!parsed.success) return null;
    const h = parsed.data;
    if (
      h.version !== FINGERPRINT_VERSION ||
      h.hashVersion !== FIELD_HASH_VERSION ||
      h.list.updatedAt !== meta.updatedAt ||
      h.list.bytes !== meta.bytes ||
      h.list.rows !== meta.rows
    ) {
      return null;
    }
    try {
      const n = h.count;
      const s = h.sections;
      const emailStarts = file.u32(s.emailStarts, 'emailStarts', n + 1);
      const keyStarts = file.u32(s.keyStarts, 'keyStarts', n + 1);
      const fp: ListFingerprint = {
        fields: h.fields as ListFingerprint['fields'],
        count: n,
        lines: file.f64(s.lines, 'lines', n),
        sources: file.u32(s.sources, 'sources', n),
        flags: file.u8(s.flags, 'flags', n),
        emailStarts,
        emails: file.bytes(s.emails, 'emails'),
        keyStarts,
        keys: file.bytes(s.keys, 'keys'),
        lanes: file.u32(s.lanes, 'lanes', n * h.fields.length * 2),
      };
      checkListFingerprint(fp);
      return fp;
    } catch (error) {
      this.warn('List fingerprint damaged: computing it again', meta, error);
      return null;
    }
  }

  private build(
    meta: ListMeta,
    rows: () => Promise<RowStore>,
    options: SliceOptions,
  ): Promise<ListFingerprint> {
    const key = `${meta.id}@${meta.updatedAt}`;
    const running = this.building.get(key);
    if (running) return running;
    const job = (async () => {
      const store = await rows();
      const fp = await buildListFingerprint(
        { meta, length: store.length, cells: (i) => store.get(i) },
        options,
      );
      await this.write(meta, fp).catch((error: unknown) => {
        // Still usable now; the next preview computes it again.
        this.warn('List fingerprint not saved', meta, error);
      });
      return fp;
    })().finally(() => this.building.delete(key));
    this.building.set(key, job);
    return job;
  }

  private async write(meta: ListMeta, fp: ListFingerprint): Promise<void> {
    await writeSectionFile(
      this.path(meta.id),
      MAGIC,
      {
        version: FINGERPRINT_VERSION,
        hashVersion: FIELD_HASH_VERSION,
        list: { updatedAt: meta.updatedAt, bytes: meta.bytes, rows: meta.rows },
        fields: fp.fields,
        count: fp.count,
      },
      [
        ['lines', [bytesOf(fp.lines)]],
        ['sources', [bytesOf(fp.sources)]],
        ['flags', [fp.flags]],
        ['emailStarts', [bytesOf(fp.emailStarts)]],
        ['emails', [fp.emails]],
        ['keyStarts', [bytesOf(fp.keyStarts)]],
        ['keys', [fp.keys]],
        ['lanes', [bytesOf(fp.lanes)]],
      ],
    );
  }

  private warn(message: string, meta: ListMeta, error: unknown): void {
    try {
      this.logger?.log('warn', message, {
        list: meta.id,
        error: error instanceof Error ? error.message : String(error),
      });
    } catch {
      // A log that cannot be written must not become an unhandled rejection.
    }
  }

  private path(id: string): string {
    if (!LIST_ID.test(id)) throw new Error(`"${id}" is not a list id.`);
    return join(this.dataDir, 'lists', id, FILE);
  }
}

function damaged(reason: string): Error {
  return new Error(`The list fingerprint is damaged: ${reason}.`);
}
