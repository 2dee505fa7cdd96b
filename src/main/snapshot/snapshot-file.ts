import { open, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { openDurableWriter } from '../store/atomic-write';
import type { SnapshotColumns } from './snapshot-builder';
import { SnapshotMetaSchema } from './snapshot-meta';
import type { SnapshotMeta } from './snapshot-meta';

/**
 * One complete snapshot is one file, `snapshot.bin`, replaced atomically
 * (temp file, fsync, rename: store/atomic-write.ts), so a crash leaves the
 * old snapshot or the new one, never a mix:
 *
 *   "PDSNAP01"  u32 LE header length  u32 0
 *   header JSON {"version":1,"meta":{…SnapshotMeta},"count":3,"tags":["","#vip"],
 *                "sections":{"ids":{"offset":0,"length":24},…}}   padded to 8 bytes
 *   sections (offsets relative to the end of the padded header, 8-byte aligned):
 *     ids Float64[n] · recordOffsets Float64[n+1] · emailOffsets Float64[n+1]
 *     status Uint8[n] · flags Uint8[n] · tagRefs Uint32[n]
 *     records (UTF-8 JSON arrays, record-codec.ts) · emails (lowercase UTF-8)
 *
 * Loading is one read plus typed-array views on it: no parsing per prospect.
 */
const MAGIC = 'PDSNAP01';
const PREFIX_BYTES = 16;
const SECTION_NAMES = [
  'ids',
  'recordOffsets',
  'emailOffsets',
  'status',
  'flags',
  'tagRefs',
  'records',
  'emails',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const SectionSchema = z.object({
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
const HeaderSchema = z.object({
  version: z.literal(1),
  meta: SnapshotMetaSchema,
  count: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  sections: z.object(
    Object.fromEntries(SECTION_NAMES.map((n) => [n, SectionSchema])) as Record<
      SectionName,
      typeof SectionSchema
    >,
  ),
});

/** A snapshot file in memory: typed-array views on one buffer (outside the V8 heap). */
export interface LoadedSnapshot {
  meta: SnapshotMeta;
  count: number;
  tags: string[];
  ids: Float64Array;
  recordOffsets: Float64Array;
  emailOffsets: Float64Array;
  status: Uint8Array;
  flags: Uint8Array;
  tagRefs: Uint32Array;
  records: Buffer;
  emails: Buffer;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes the snapshot durably over `path` (crash-safe replace). */
export async function writeSnapshotFile(
  path: string,
  meta: SnapshotMeta,
  columns: SnapshotColumns,
): Promise<void> {
  const parts: Record<SectionName, Uint8Array[]> = {
    ids: [bytesOf(columns.ids)],
    recordOffsets: [bytesOf(columns.recordOffsets)],
    emailOffsets: [bytesOf(columns.emailOffsets)],
    status: [columns.status],
    flags: [columns.flags],
    tagRefs: [bytesOf(columns.tagRefs)],
    records: columns.records,
    emails: columns.emails,
  };
  const sections = {} as Record<SectionName, { offset: number; length: number }>;
  let at = 0;
  for (const name of SECTION_NAMES) {
    const length = parts[name].reduce((sum, p) => sum + p.byteLength, 0);
    sections[name] = { offset: at, length };
    at += length + pad8(length);
  }
  const header = Buffer.from(
    JSON.stringify({ version: 1, meta, count: columns.count, tags: columns.tags, sections }),
    'utf8',
  );
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, 8);
  const writer = await openDurableWriter(path);
  try {
    await writer.write(prefix);
    await writer.write(header);
    await writer.write(new Uint8Array(pad8(PREFIX_BYTES + header.length)));
    for (const name of SECTION_NAMES) {
      for (const part of parts[name]) if (part.byteLength > 0) await writer.write(part);
      await writer.write(new Uint8Array(pad8(sections[name].length)));
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Only the metadata (reads the header, not the prospects). */
export async function readSnapshotMeta(path: string): Promise<SnapshotMeta> {
  const handle = await open(path, 'r');
  try {
    const prefix = Buffer.alloc(PREFIX_BYTES);
    await handle.read(prefix, 0, PREFIX_BYTES, 0);
    const length = headerLength(prefix);
    const header = Buffer.alloc(length);
    const { bytesRead } = await handle.read(header, 0, length, PREFIX_BYTES);
    if (bytesRead !== length) throw damaged('its header is cut short');
    return parseHeader(header).meta;
  } finally {
    await handle.close();
  }
}

/** The whole snapshot, checked for consistency (a damaged file throws, never loads half). */
export async function readSnapshotFile(path: string): Promise<LoadedSnapshot> {
  let file = await readFile(path);
  const length = headerLength(file);
  const header = parseHeader(file.subarray(PREFIX_BYTES, PREFIX_BYTES + length));
  const base = PREFIX_BYTES + length + pad8(PREFIX_BYTES + length);
  // Typed-array views need aligned offsets; a large readFile buffer starts at 0.
  if (file.byteOffset % 8 !== 0) file = Buffer.from(file);
  const n = header.count;
  const section = (name: SectionName, bytesPer: number, items: number) => {
    const { offset, length: bytes } = header.sections[name];
    if (bytesPer > 0 && bytes !== bytesPer * items)
      throw damaged(`its ${name} have the wrong size`);
    if (base + offset + bytes > file.length) throw damaged('it is cut short');
    return { start: file.byteOffset + base + offset, bytes };
  };
  const f64 = (name: SectionName, items: number) => {
    const s = section(name, 8, items);
    return new Float64Array(file.buffer, s.start, items);
  };
  const u8 = (name: SectionName) => {
    const s = section(name, 1, n);
    return new Uint8Array(file.buffer, s.start, n);
  };
  const blob = (name: SectionName) => {
    const s = section(name, 0, 0);
    return Buffer.from(file.buffer, s.start, s.bytes);
  };
  const tagSection = section('tagRefs', 4, n);
  const loaded: LoadedSnapshot = {
    meta: header.meta,
    count: n,
    tags: header.tags,
    ids: f64('ids', n),
    recordOffsets: f64('recordOffsets', n + 1),
    emailOffsets: f64('emailOffsets', n + 1),
    status: u8('status'),
    flags: u8('flags'),
    tagRefs: new Uint32Array(file.buffer, tagSection.start, n),
    records: blob('records'),
    emails: blob('emails'),
  };
  checkOffsets(loaded.recordOffsets, loaded.records.length, 'record');
  checkOffsets(loaded.emailOffsets, loaded.emails.length, 'email');
  const tagCount = header.tags.length;
  for (let i = 0; i < n; i++) {
    if (loaded.tagRefs[i]! >= tagCount) throw damaged('a tag reference is out of range');
  }
  if (header.meta.count !== n) throw damaged('its count does not match its rows');
  return loaded;
}

function checkOffsets(offsets: Float64Array, total: number, what: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== total) {
    throw damaged(`its ${what} index does not match its data`);
  }
  for (let i = 1; i < offsets.length; i++) {
    if (!(offsets[i]! >= offsets[i - 1]!)) throw damaged(`its ${what} index is out of order`);
  }
}

function headerLength(prefix: Buffer): number {
  if (prefix.length < PREFIX_BYTES || prefix.toString('latin1', 0, 8) !== MAGIC) {
    throw damaged('it is not a snapshot file');
  }
  return prefix.readUInt32LE(8);
}

function parseHeader(bytes: Buffer): z.infer<typeof HeaderSchema> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged('its header is not JSON');
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) throw damaged('its header is not a snapshot header');
  return parsed.data;
}

function damaged(reason: string): Error {
  return new Error(`The snapshot file is damaged: ${reason}.`);
}
