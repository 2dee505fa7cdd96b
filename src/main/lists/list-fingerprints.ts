import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RowStore } from '../../shared/import/row-store';
import type { ListMeta } from '../../shared/lists';
import { raceAbort } from '../../shared/race-abort';
import type { SliceOptions } from '../../shared/sliced-loop';
import { FIELD_HASH_VERSION } from '../../shared/update/field-hash';
import {
  BLOCK_HEAD_BYTES,
  blockLength,
  decodeBlock,
  encodeBlock,
} from '../../shared/update/fingerprint-block';
import { FINGERPRINT_VERSION, forEachFingerprintBlock } from '../../shared/update/list-fingerprint';
import type { FingerprintBlock, ListFingerprint } from '../../shared/update/list-fingerprint';
import { isProspectField } from '../../shared/import/prospect-fields';
import type { ProspectField } from '../../shared/import/prospect-fields';
import { mappingFromColumns } from '../../shared/import/header-mapping';
import type { ColumnAssignment } from '../../shared/import/header-mapping';
import { compileRowPlan } from '../../shared/import/normalise-row';
import { AppError } from '../app-error';
import type { Logger } from '../log';
import { openDurableWriter } from '../store/atomic-write';
import { fillFrom } from '../store/read-whole';
import { readFileHead, writeFileHead } from '../store/section-file';
import { LIST_ID } from './list-folders';
import { loadListRows } from './list-targets';

/**
 * The update preview's fingerprint of each saved list (shared/update/list-fingerprint.ts),
 * kept as `lists/<id>/fingerprint.bin` beside the rows it was computed from:
 *
 *   "PDLISTFP"  u32 LE header length  u32 0
 *   header JSON {"version":2,"hashVersion":1,"list":{"updatedAt":"…","bytes":912345,"rows":3000},
 *                "fields":["email",…]}   padded to 8 bytes
 *   blocks, back to back (shared/update/fingerprint-block.ts)
 *   "PDFPEND\0"  u32 LE rows  u32 LE blocks
 *
 * It is a cache: computed in the background after a list is saved, or by the
 * preview when missing; used only while it matches the list (saved time,
 * size, rows) and this version of the code (FINGERPRINT_VERSION,
 * FIELD_HASH_VERSION). A re-save replaces the list's folder, and the
 * fingerprint with it. Written and read block by block: never whole in memory.
 */
const MAGIC = 'PDLISTFP';
const END_MAGIC = 'PDFPEND\0';
const FILE = 'fingerprint.bin';
const TRAILER_BYTES = 16;

const HeaderSchema = z.object({
  version: z.number().int(),
  hashVersion: z.number().int(),
  list: z.object({ updatedAt: z.string(), bytes: z.number(), rows: z.number() }),
  fields: z.array(z.string().refine(isProspectField)),
});
type Header = z.infer<typeof HeaderSchema>;

/** A saved fingerprint, open: the caller closes it when done. */
export interface OpenFingerprint extends ListFingerprint {
  close(): Promise<void>;
}

export class ListFingerprints {
  private readonly building = new Map<string, Promise<void>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly dataDir: string,
    private readonly logger?: Logger,
  ) {}

  /**
   * The list's fingerprint: the saved one when it still matches, else
   * computed (its progress reported through `options`) and saved first.
   * `rows` loads the list's rows (default: from disk) when it must be computed.
   */
  async get(
    meta: ListMeta,
    options: SliceOptions & { rows?: () => Promise<RowStore> } = {},
  ): Promise<OpenFingerprint> {
    const saved = await this.open(meta);
    if (saved) return saved;
    const rows = options.rows ?? (() => loadListRows(this.dataDir, meta.id));
    // Shared with a build already running (the one started by the save), so
    // this preview's cancel must not wait for it.
    const building = this.build(meta, rows, options);
    await (options.signal ? raceAbort(building, options.signal) : building);
    const built = await this.open(meta);
    if (!built) throw new Error('The list fingerprint was saved but cannot be read back.');
    return built;
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
  async open(meta: ListMeta): Promise<OpenFingerprint | null> {
    const path = this.path(meta.id);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.warn('List fingerprint unreadable: computing it again', meta, error);
      }
      return null;
    }
    try {
      const { header, dataStart } = await readHeader(handle);
      if (
        header.version !== FINGERPRINT_VERSION ||
        header.hashVersion !== FIELD_HASH_VERSION ||
        header.list.updatedAt !== meta.updatedAt ||
        header.list.bytes !== meta.bytes ||
        header.list.rows !== meta.rows
      ) {
        await handle.close();
        return null;
      }
      const end = (await handle.stat()).size - TRAILER_BYTES;
      const trailer = Buffer.alloc(TRAILER_BYTES);
      if (end < dataStart) throw damaged('it is cut short');
      await readFully(handle, trailer, end);
      if (trailer.toString('latin1', 0, 8) !== END_MAGIC) throw damaged('it is cut short');
      return new FileFingerprint(handle, header, {
        start: dataStart,
        end,
        count: trailer.readUInt32LE(8),
        blocks: trailer.readUInt32LE(12),
        onDamage: async () => {
          this.warn('List fingerprint damaged: removed', meta, null);
          await rm(path, { force: true });
        },
      });
    } catch (error) {
      await handle.close();
      this.warn('List fingerprint damaged: computing it again', meta, error);
      return null;
    }
  }

  private build(
    meta: ListMeta,
    rows: () => Promise<RowStore>,
    options: SliceOptions,
  ): Promise<void> {
    const key = `${meta.id}@${meta.updatedAt}`;
    const running = this.building.get(key);
    if (running) return running;
    const job = this.write(meta, rows, options).finally(() => this.building.delete(key));
    this.building.set(key, job);
    return job;
  }

  /** Computes the fingerprint and writes it as it goes (durably: whole or not at all). */
  private async write(
    meta: ListMeta,
    rows: () => Promise<RowStore>,
    options: SliceOptions,
  ): Promise<void> {
    const store = await rows();
    const writer = await openDurableWriter(this.path(meta.id));
    try {
      const { fields } = mappedFields(meta);
      await writeFileHead(writer, MAGIC, {
        version: FINGERPRINT_VERSION,
        hashVersion: FIELD_HASH_VERSION,
        list: { updatedAt: meta.updatedAt, bytes: meta.bytes, rows: meta.rows },
        fields: [...fields],
      } satisfies Header);
      const done = await forEachFingerprintBlock(
        { meta, length: store.length, cells: (i) => store.get(i) },
        async (block) => {
          for (const part of encodeBlock(block)) await writer.write(part);
        },
        options,
      );
      if (done.fields.join() !== fields.join()) throw new Error('The list mapping changed.');
      const trailer = Buffer.alloc(TRAILER_BYTES);
      trailer.write(END_MAGIC, 0, 'latin1');
      trailer.writeUInt32LE(done.count, 8);
      trailer.writeUInt32LE(done.blocks, 12);
      await writer.write(trailer);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  private warn(message: string, meta: ListMeta, error: unknown): void {
    try {
      this.logger?.log('warn', message, {
        list: meta.id,
        ...(error !== null && { error: error instanceof Error ? error.message : String(error) }),
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

async function readHeader(handle: FileHandle): Promise<{ header: Header; dataStart: number }> {
  const { header, dataStart } = await readFileHead(handle, MAGIC, damaged);
  const parsed = HeaderSchema.safeParse(header);
  if (!parsed.success) throw damaged('its header is not a fingerprint header');
  return { header: parsed.data, dataStart };
}

/** Fills `into` from `position`, or throws when the file ends first. */
async function readFully(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  if (!(await fillFrom(handle, into, position))) throw damaged('it is cut short');
}

/** A saved fingerprint, read block by block into one reused buffer. */
class FileFingerprint implements OpenFingerprint {
  readonly fields: OpenFingerprint['fields'];
  readonly count: number;

  constructor(
    private readonly handle: FileHandle,
    header: Header,
    private readonly body: {
      start: number;
      end: number;
      count: number;
      blocks: number;
      onDamage: () => Promise<void>;
    },
  ) {
    this.fields = header.fields as OpenFingerprint['fields'];
    this.count = body.count;
  }

  async *blocks(): AsyncIterable<FingerprintBlock> {
    const width = 2 * this.fields.length;
    let buffer = new Uint8Array(4 << 20);
    let position = this.body.start;
    let first = 0;
    try {
      for (let b = 0; b < this.body.blocks; b++) {
        if (position + BLOCK_HEAD_BYTES > this.body.end) throw damaged('it is cut short');
        await readFully(this.handle, buffer.subarray(0, BLOCK_HEAD_BYTES), position);
        const length = blockLength(buffer, width);
        if (position + length > this.body.end) throw damaged('it is cut short');
        if (length > buffer.length) buffer = new Uint8Array(length);
        await readFully(this.handle, buffer.subarray(0, length), position);
        const block = decodeBlock(buffer.subarray(0, length), first, width);
        position += length;
        first += block.count;
        yield block;
      }
      if (first !== this.count || position !== this.body.end) {
        throw damaged('its rows do not add up');
      }
    } catch (error) {
      if (
        !(error instanceof Error) ||
        !error.message.startsWith('The list fingerprint is damaged')
      ) {
        throw error;
      }
      await this.body.onDamage();
      throw new AppError(
        'internal',
        `${error.message} It has been removed: preview the list again to compute it anew.`,
      );
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The list's mapped fields in plan order (what its fingerprint's lanes follow). */
function mappedFields(meta: ListMeta): { fields: readonly ProspectField[] } {
  const plan = compileRowPlan(mappingFromColumns(meta.columns as ColumnAssignment[]));
  return { fields: plan.fields };
}

function damaged(reason: string): Error {
  return new Error(`The list fingerprint is damaged: ${reason}.`);
}
