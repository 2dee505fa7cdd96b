import { open } from 'node:fs/promises';
import { z } from 'zod';
import { bytesOf, readFileHead, SectionFile, writeSectionFile } from '../store/section-file';
import type { SnapshotColumns } from './snapshot-builder';
import { decodeRecord } from './record-codec';
import { checkRecordHashes, hashProspect, RecordHashSink } from './record-hashes';
import type { RecordHashes } from '../../shared/update/stored-prospect';
import { FIELD_HASH_VERSION } from '../../shared/update/field-hash';
import { SnapshotMetaSchema } from './snapshot-meta';
import type { SnapshotMeta } from './snapshot-meta';

/**
 * One complete snapshot is one file, `snapshot.bin`, replaced atomically
 * (temp file, fsync, rename: store/atomic-write.ts), so a crash leaves the
 * old snapshot or the new one, never a mix. A section file (store/section-file.ts):
 *
 *   "PDSNAP01"  u32 LE header length  u32 0
 *   header JSON {"version":2,"meta":{…SnapshotMeta},"count":3,"tags":["","#vip"],
 *                "sections":{"ids":{"offset":0,"length":24},…}}   padded to 8 bytes
 *   sections (8-byte aligned):
 *     ids Float64[n] · recordOffsets Float64[n+1] · emailOffsets Float64[n+1]
 *     status Uint8[n] · flags Uint8[n] · tagRefs Uint32[n]
 *     records (UTF-8 JSON arrays, record-codec.ts) · emails (lowercase UTF-8)
 *     hashMasks Uint32[n] · hashBlanks Uint32[n] · hashStarts Uint32[n+1] ·
 *     hashLanes Uint32[2 × fingerprints] (field fingerprints, record-hashes.ts)
 *
 * Version 1 files have no hash sections; they and files whose fingerprints
 * were made by other code (hashVersion ≠ FIELD_HASH_VERSION) get them
 * computed from the records when they load (seconds for a million
 * prospects; the next sync writes them anew).
 *
 * Loading is one read plus typed-array views on it: no parsing per prospect.
 */
const MAGIC = 'PDSNAP01';
const SECTION_NAMES = [
  'ids',
  'recordOffsets',
  'emailOffsets',
  'status',
  'flags',
  'tagRefs',
  'records',
  'emails',
  'hashMasks',
  'hashBlanks',
  'hashStarts',
  'hashLanes',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];
const HASH_SECTIONS = new Set<SectionName>(['hashMasks', 'hashBlanks', 'hashStarts', 'hashLanes']);
const VERSION = 2;

const SectionSchema = z.object({
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
const HeaderSchema = z.object({
  version: z.union([z.literal(1), z.literal(VERSION)]),
  /** FIELD_HASH_VERSION of the stored fingerprints (version 2 on). */
  hashVersion: z.number().int().optional(),
  meta: SnapshotMetaSchema,
  count: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  sections: z.object(
    Object.fromEntries(
      SECTION_NAMES.map((n) => [
        n,
        HASH_SECTIONS.has(n) ? SectionSchema.optional() : SectionSchema,
      ]),
    ) as Record<SectionName, z.ZodOptional<typeof SectionSchema>>,
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
  hashes: RecordHashes;
}

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
    hashMasks: [bytesOf(columns.hashes.masks)],
    hashBlanks: [bytesOf(columns.hashes.blanks)],
    hashStarts: [bytesOf(columns.hashes.starts)],
    hashLanes: [bytesOf(columns.hashes.lanes)],
  };
  await writeSectionFile(
    path,
    MAGIC,
    {
      version: VERSION,
      hashVersion: FIELD_HASH_VERSION,
      meta,
      count: columns.count,
      tags: columns.tags,
    },
    SECTION_NAMES.map((name) => [name, parts[name]] as const),
  );
}

/** Only the metadata (reads the header, not the prospects). */
export async function readSnapshotMeta(path: string): Promise<SnapshotMeta> {
  const handle = await open(path, 'r');
  try {
    return parseHeader((await readFileHead(handle, MAGIC, damaged)).header).meta;
  } finally {
    await handle.close();
  }
}

/** The whole snapshot, checked for consistency (a damaged file throws, never loads half). */
export async function readSnapshotFile(path: string): Promise<LoadedSnapshot> {
  const file = await SectionFile.read(path, MAGIC, damaged);
  const header = parseHeader(file.header);
  const n = header.count;
  const s = header.sections;
  const records = file.blob(s.records, 'records');
  const recordOffsets = file.f64(s.recordOffsets, 'recordOffsets', n + 1);
  checkOffsets(recordOffsets, records.length, 'record');
  let hashes: RecordHashes;
  if (header.hashVersion !== FIELD_HASH_VERSION) {
    hashes = hashRecords(records, recordOffsets, n);
  } else {
    const starts = file.u32(s.hashStarts, 'hashStarts', n + 1);
    hashes = {
      masks: file.u32(s.hashMasks, 'hashMasks', n),
      blanks: file.u32(s.hashBlanks, 'hashBlanks', n),
      starts,
      lanes: file.u32(s.hashLanes, 'hashLanes', 2 * starts[n]!),
    };
    checkRecordHashes(hashes, n);
  }
  const loaded: LoadedSnapshot = {
    meta: header.meta,
    count: n,
    tags: header.tags,
    ids: file.f64(s.ids, 'ids', n),
    recordOffsets,
    emailOffsets: file.f64(s.emailOffsets, 'emailOffsets', n + 1),
    status: file.u8(s.status, 'status', n),
    flags: file.u8(s.flags, 'flags', n),
    tagRefs: file.u32(s.tagRefs, 'tagRefs', n),
    records,
    emails: file.blob(s.emails, 'emails'),
    hashes,
  };
  checkOffsets(loaded.emailOffsets, loaded.emails.length, 'email');
  const tagCount = header.tags.length;
  for (let i = 0; i < n; i++) {
    if (loaded.tagRefs[i]! >= tagCount) throw damaged('a tag reference is out of range');
  }
  if (header.meta.count !== n) throw damaged('its count does not match its rows');
  return loaded;
}

/** Fingerprints computed from the records (a file older than them, or than their code). */
function hashRecords(records: Buffer, offsets: Float64Array, count: number): RecordHashes {
  const sink = new RecordHashSink();
  for (let i = 0; i < count; i++) {
    sink.append(hashProspect(decodeRecord(records.toString('utf8', offsets[i]!, offsets[i + 1]!))));
  }
  return sink.hashes();
}

function checkOffsets(offsets: Float64Array, total: number, what: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== total) {
    throw damaged(`its ${what} index does not match its data`);
  }
  for (let i = 1; i < offsets.length; i++) {
    if (!(offsets[i]! >= offsets[i - 1]!)) throw damaged(`its ${what} index is out of order`);
  }
}

function parseHeader(json: unknown): z.infer<typeof HeaderSchema> {
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) throw damaged('its header is not a snapshot header');
  return parsed.data;
}

function damaged(reason: string): Error {
  return new Error(`The snapshot file is damaged: ${reason}.`);
}
