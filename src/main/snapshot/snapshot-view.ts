import type { SnapshotFilter } from '../../shared/snapshot';
import type { Prospect } from '../../shared/prospect';
import type { RawRow } from './snapshot-builder';
import { FLAG_CONTACTED } from './snapshot-builder';
import { EmailIndex } from './email-index';
import {
  decodeRecord,
  decodeStored,
  OTHER_STATUS,
  recordColumns,
  statusCode,
} from './record-codec';
import type { ProspectField } from '../../shared/import/prospect-fields';
import type {
  StoredFingerprints,
  StoredLookup,
  StoredProspect,
} from '../../shared/update/stored-prospect';
import { rowHashesOf } from './record-hashes';
import type { LoadedSnapshot } from './snapshot-file';
import type { SnapshotMeta } from './snapshot-meta';
import type { SnapshotStore } from './snapshot-store';

/** Most rows one `query` returns: a grid window, never the whole snapshot. */
export const MAX_QUERY_LIMIT = 1000;

/** Filters and a window over a snapshot, for a grid. */
export interface SnapshotQuery extends SnapshotFilter {
  offset: number;
  /** 1–MAX_QUERY_LIMIT. */
  limit: number;
  /** Only rows set to 1 here (a campaign's members: SnapshotService), named by `key`. */
  members?: { key: string; rows: Uint8Array };
}

export interface SnapshotQueryResult {
  /** Rows matching the filters (all of them, not only this window). */
  total: number;
  rows: Prospect[];
}

/**
 * A read-only view of a complete snapshot, in prospect id order. Rows stay
 * encoded in one buffer and become `Prospect` objects only when asked for, so
 * 1M prospects cost their file size outside the V8 heap plus small typed arrays.
 */
export class SnapshotView implements Iterable<Prospect> {
  readonly meta: SnapshotMeta;
  private readonly emailIndex: EmailIndex;
  private readonly encoder = new TextEncoder();
  private keyBytes = new Uint8Array(256);
  private cached: { key: string; rows: Uint32Array } | null = null;

  constructor(private readonly data: LoadedSnapshot) {
    this.meta = data.meta;
    this.emailIndex = new EmailIndex(data.emails, data.emailOffsets);
  }

  get size(): number {
    return this.data.count;
  }

  /** The prospect with this email (any case), as in the snapshot. */
  byEmail(email: string): Prospect | undefined {
    const row = this.indexOfEmail(email);
    return row < 0 ? undefined : this.get(row);
  }

  /** The update preview's lookup: stored values of the list's fields, no prospect objects. */
  readonly storedLookup: StoredLookup = (fields) => {
    const valuesAt = this.valuesAt(fields);
    return (emailKey) => {
      const row = this.indexOfEmail(emailKey);
      return row < 0 ? undefined : valuesAt(row);
    };
  };

  /** The snapshot as the fingerprint diff reads it (shared/update/hashed-preview.ts). */
  fingerprints(): StoredFingerprints {
    return {
      hashes: this.data.hashes,
      find: (key, start, end) => this.emailIndex.find(key, start, end),
      idAt: (row) => this.data.ids[row]!,
      valuesAt: (fields) => this.valuesAt(fields),
    };
  }

  /** Row of an email (any case), or -1. */
  indexOfEmail(email: string): number {
    // Encoded into one reused buffer: the update preview looks up every row of a list.
    const key = email.toLowerCase();
    if (key.length * 3 > this.keyBytes.length) this.keyBytes = new Uint8Array(key.length * 3);
    const { written } = this.encoder.encodeInto(key, this.keyBytes);
    return this.emailIndex.find(this.keyBytes, 0, written);
  }

  get(index: number): Prospect {
    this.check(index);
    return decodeRecord(this.recordText(index));
  }

  /** The row of a prospect id, or -1 (rows are in id order). */
  rowOfId(id: number): number {
    const ids = this.data.ids;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = ids[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Prospect id of a row without decoding it. */
  idAt(index: number): number {
    this.check(index);
    return this.data.ids[index]!;
  }

  query(q: SnapshotQuery): SnapshotQueryResult {
    if (!Number.isInteger(q.offset) || q.offset < 0) {
      throw new RangeError(`offset must be a whole number ≥ 0, not ${q.offset}.`);
    }
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_QUERY_LIMIT) {
      throw new RangeError(`limit must be 1–${MAX_QUERY_LIMIT}, not ${q.limit}.`);
    }
    const matches = this.matching(q);
    const total = matches ? matches.length : this.size;
    const end = Math.min(total, q.offset + q.limit);
    const rows: Prospect[] = [];
    for (let i = q.offset; i < end; i++) rows.push(this.get(matches ? matches[i]! : i));
    return { total, rows };
  }

  /** Ids of every row a filter selects, in id order, without decoding any row. */
  ids(filter: SnapshotFilter): number[] {
    const matches = this.matching({ ...filter, offset: 0, limit: 1 });
    if (!matches) return Array.from(this.data.ids.subarray(0, this.size));
    return Array.from(matches, (index) => this.data.ids[index]!);
  }

  *[Symbol.iterator](): Iterator<Prospect> {
    for (let i = 0; i < this.size; i++) yield this.get(i);
  }

  /** A row's stored bytes and columns, for rebuilding a snapshot without decoding. */
  rawRow(index: number): RawRow {
    this.check(index);
    return rawRowOf(this.data, index);
  }

  /** Matching rows in order, or null when nothing is filtered (every row). */
  private matching(q: SnapshotQuery): Uint32Array | null {
    const text = q.text?.trim().toLowerCase() ?? '';
    const tag = normaliseTag(q.tag);
    const since = q.notContactedSince === undefined ? NaN : Date.parse(q.notContactedSince);
    if (q.notContactedSince !== undefined && Number.isNaN(since)) {
      throw new RangeError(`"${q.notContactedSince}" is not a date.`);
    }
    const members = q.members?.rows;
    if (
      q.status === undefined &&
      tag === '' &&
      q.contacted === undefined &&
      text === '' &&
      Number.isNaN(since) &&
      members === undefined
    ) {
      return null;
    }
    const key = JSON.stringify([q.status, tag, q.contacted, text, since, q.members?.key]);
    if (this.cached?.key === key) return this.cached.rows;
    const d = this.data;
    const wantStatus = q.status === undefined ? -1 : statusCode(q.status);
    const tagOk = tag === '' ? null : d.tags.map((t) => hasTag(t, tag));
    const out: number[] = [];
    for (let i = 0; i < d.count; i++) {
      if (members && members[i] !== 1) continue;
      if (wantStatus >= 0) {
        const code = d.status[i]!;
        if (code !== wantStatus) continue;
        if (code === OTHER_STATUS && this.get(i).status !== q.status) continue;
      }
      if (q.contacted !== undefined && ((d.flags[i]! & FLAG_CONTACTED) !== 0) !== q.contacted) {
        continue;
      }
      if (tagOk && !tagOk[d.tagRefs[i]!]) continue;
      if (!Number.isNaN(since) && (d.flags[i]! & FLAG_CONTACTED) !== 0) {
        // Only contacted prospects need their record decoded.
        const last = Date.parse(this.get(i).last_contacted ?? '');
        if (!(last < since)) continue;
      }
      if (text !== '' && !this.recordText(i).toLowerCase().includes(text)) continue;
      out.push(i);
    }
    const rows = Uint32Array.from(out);
    this.cached = { key, rows };
    return rows;
  }

  private valuesAt(fields: readonly ProspectField[]): (row: number) => StoredProspect {
    const columns = recordColumns(fields);
    return (row) => decodeStored(this.recordText(row), columns);
  }

  private recordText(index: number): string {
    const d = this.data;
    return d.records.toString('utf8', d.recordOffsets[index]!, d.recordOffsets[index + 1]!);
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Row ${index} does not exist (the snapshot has ${this.size}).`);
    }
  }
}

function normaliseTag(tag: string | undefined): string {
  const t = tag?.trim().toLowerCase() ?? '';
  return t === '' || t.startsWith('#') ? t : `#${t}`;
}

/** Woodpecker tags are `#word`s separated by spaces (notes/api-facts.md). */
function hasTag(tags: string, wanted: string): boolean {
  return tags
    .toLowerCase()
    .split(/\s+/)
    .some((t) => t === wanted);
}

/** Opens the complete snapshot of a store, or null when none has been synced yet. */
export async function openSnapshot(store: SnapshotStore): Promise<SnapshotView | null> {
  const data = await store.load();
  return data ? new SnapshotView(data) : null;
}

/** Row `index` of a loaded snapshot as stored (no decoding). */
export function rawRowOf(d: LoadedSnapshot, index: number): RawRow {
  return {
    id: d.ids[index]!,
    record: d.records.subarray(d.recordOffsets[index]!, d.recordOffsets[index + 1]!),
    email: d.emails.subarray(d.emailOffsets[index]!, d.emailOffsets[index + 1]!),
    status: d.status[index]!,
    flags: d.flags[index]!,
    tags: d.tags[d.tagRefs[index]!] ?? '',
    hashes: rowHashesOf(d.hashes, index),
  };
}
