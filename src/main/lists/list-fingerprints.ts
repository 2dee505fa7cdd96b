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
import { buildListFingerprint, FINGERPRINT_VERSION } from '../../shared/update/list-fingerprint';
import type { FingerprintBlock, ListFingerprint } from '../../shared/update/list-fingerprint';
import { isProspectField } from '../../shared/import/prospect-fields';
import { AppError } from '../app-error';
import type { Logger } from '../log';
import { openDurableWriter } from '../store/atomic-write';
import { LIST_ID } from './list-folders';
import { loadListRows } from './list-targets';

/**
 * The update preview's fingerprint of each saved list (shared/update/list-fingerprint.ts),
 * kept as `lists/<id>/fingerprint.bin` beside the rows it was computed from:
 *
 *   "PDLISTFP"  u32 LE header length  u32 0
 *   header JSON {"version":2,"hashVersion":1,"list":{"updatedAt":"…","bytes":912345,"rows":3000},
 *                "fields":["email",…],"count":2990,"blocks":1}   padded to 8 bytes
 *   blocks, back to back (shared/update/fingerprint-block.ts)
 *
 * It is a cache: computed in the background after a list is saved, or by the
 * preview when missing; used only while it matches the list (saved time,
 * size, rows) and this version of the code (FINGERPRINT_VERSION,
 * FIELD_HASH_VERSION). A re-save replaces the list's folder, and the
 * fingerprint with it. Read block by block: a preview never holds it whole.
 */
const MAGIC = 'PDLISTFP';
const FILE = 'fingerprint.bin';
const PREFIX_BYTES = 16;
const pad8 = (n: number) => (8 - (n % 8)) % 8;

const HeaderSchema = z.object({
  version: z.number().int(),
  hashVersion: z.number().int(),
  list: z.object({ updatedAt: z.string(), bytes: z.number(), rows: z.number() }),
  fields: z.array(z.string().refine(isProspectField)),
  count: z.number().int().nonnegative(),
  blocks: z.number().int().nonnegative(),
});
type Header = z.infer<typeof HeaderSchema>;

/** A fingerprint the caller closes when done with it (a saved one keeps its file open). */
export interface OpenFingerprint extends ListFingerprint {
  close(): Promise<void>;
}

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
  ): Promise<OpenFingerprint> {
    const saved = await this.open(meta);
    if (saved) return saved;
    const rows = options.rows ?? (() => loadListRows(this.dataDir, meta.id));
    // Shared with a build already running (the one started by the save), so
    // this preview's cancel must not wait for it.
    const building = this.build(meta, rows, options);
    const built = await (options.signal ? raceAbort(building, options.signal) : building);
    return {
      fields: built.fields,
      count: built.count,
      blocks: () => built.blocks(),
      close: async () => {},
    };
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
      return new FileFingerprint(handle, header, dataStart, async () => {
        this.warn('List fingerprint damaged: removed', meta, null);
        await rm(path, { force: true });
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
    const blocks: FingerprintBlock[] = [];
    for await (const block of fp.blocks()) blocks.push(block);
    const header = Buffer.from(
      JSON.stringify({
        version: FINGERPRINT_VERSION,
        hashVersion: FIELD_HASH_VERSION,
        list: { updatedAt: meta.updatedAt, bytes: meta.bytes, rows: meta.rows },
        fields: [...fp.fields],
        count: fp.count,
        blocks: blocks.length,
      } satisfies Header),
      'utf8',
    );
    const prefix = Buffer.alloc(PREFIX_BYTES);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(header.length, 8);
    const writer = await openDurableWriter(this.path(meta.id));
    try {
      await writer.write(prefix);
      await writer.write(header);
      await writer.write(new Uint8Array(pad8(PREFIX_BYTES + header.length)));
      for (const block of blocks) for (const part of encodeBlock(block)) await writer.write(part);
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
  const prefix = Buffer.alloc(PREFIX_BYTES);
  await readFully(handle, prefix, 0);
  if (prefix.toString('latin1', 0, 8) !== MAGIC) throw damaged('it is not a list fingerprint');
  const length = prefix.readUInt32LE(8);
  const bytes = Buffer.alloc(length);
  await readFully(handle, bytes, PREFIX_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged('its header is not JSON');
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) throw damaged('its header is not a fingerprint header');
  return { header: parsed.data, dataStart: PREFIX_BYTES + length + pad8(PREFIX_BYTES + length) };
}

/** Fills `into` from `position`, or throws when the file ends first. */
async function readFully(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let filled = 0;
  while (filled < into.length) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) throw damaged('it is cut short');
    filled += bytesRead;
  }
}

/** A saved fingerprint, read block by block into one reused buffer. */
class FileFingerprint implements OpenFingerprint {
  readonly fields: OpenFingerprint['fields'];
  readonly count: number;

  constructor(
    private readonly handle: FileHandle,
    private readonly header: Header,
    private readonly dataStart: number,
    private readonly onDamage: () => Promise<void>,
  ) {
    this.fields = header.fields as OpenFingerprint['fields'];
    this.count = header.count;
  }

  async *blocks(): AsyncIterable<FingerprintBlock> {
    const width = 2 * this.fields.length;
    let buffer = new Uint8Array(4 << 20);
    let position = this.dataStart;
    let first = 0;
    try {
      for (let b = 0; b < this.header.blocks; b++) {
        await readFully(this.handle, buffer.subarray(0, BLOCK_HEAD_BYTES), position);
        const length = blockLength(buffer, width);
        if (length > buffer.length) buffer = new Uint8Array(length);
        await readFully(this.handle, buffer.subarray(0, length), position);
        const block = decodeBlock(buffer.subarray(0, length), first, width);
        position += length;
        first += block.count;
        if (first > this.count) throw damaged('it has more rows than its header says');
        yield block;
      }
      if (first !== this.count) throw damaged('it has fewer rows than its header says');
    } catch (error) {
      if (
        !(error instanceof Error) ||
        !error.message.startsWith('The list fingerprint is damaged')
      ) {
        throw error;
      }
      await this.onDamage();
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

function damaged(reason: string): Error {
  return new Error(`The list fingerprint is damaged: ${reason}.`);
}
