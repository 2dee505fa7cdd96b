import type { Prospect } from '../../shared/prospect';
import { GrowableArray } from '../../shared/import/growable';
import { ByteSink } from './byte-sink';
import { encodeRecord, isContacted, statusCode } from './record-codec';
import { hashProspect, RecordHashSink } from './record-hashes';
import type { RowHashes } from './record-hashes';
import type { RecordHashes } from '../../shared/update/stored-prospect';

/** Bit 0 of a row's flags: the prospect has been contacted. */
export const FLAG_CONTACTED = 1;

/** The columns a snapshot file holds (snapshot-file.ts writes them as sections). */
export interface SnapshotColumns {
  count: number;
  ids: Float64Array;
  /** count + 1 byte offsets into `records`. */
  recordOffsets: Float64Array;
  /** count + 1 byte offsets into `emails`. */
  emailOffsets: Float64Array;
  status: Uint8Array;
  flags: Uint8Array;
  /** Index into `tags` of each row's `tags` text. */
  tagRefs: Uint32Array;
  /** Distinct `tags` values ('' for none): few in practice, so filtering by tag is cheap. */
  tags: string[];
  /** encodeRecord() JSON arrays, UTF-8, back to back. */
  records: Uint8Array[];
  /** Lowercase emails, UTF-8, back to back (the email index hashes these). */
  emails: Uint8Array[];
  /** Field fingerprints for the update preview (record-hashes.ts). */
  hashes: RecordHashes;
}

/** One row copied from an existing snapshot without decoding it. */
export interface RawRow {
  id: number;
  record: Uint8Array;
  email: Uint8Array;
  status: number;
  flags: number;
  tags: string;
  hashes: RowHashes;
}

/** Collects rows compactly (no prospect objects kept) for one snapshot file. */
export class SnapshotBuilder {
  private readonly records = new ByteSink();
  private readonly emails = new ByteSink();
  private readonly ids = new GrowableArray((n) => new Float64Array(n));
  private readonly recordEnds = new GrowableArray((n) => new Float64Array(n));
  private readonly emailEnds = new GrowableArray((n) => new Float64Array(n));
  private readonly status = new GrowableArray((n) => new Uint8Array(n));
  private readonly flags = new GrowableArray((n) => new Uint8Array(n));
  private readonly tagRefs = new GrowableArray((n) => new Uint32Array(n));
  private readonly tagIndex = new Map<string, number>();
  private readonly tags: string[] = [];
  private readonly hashes = new RecordHashSink();

  get length(): number {
    return this.ids.length;
  }

  /** Adds a prospect; `record` is its encodeRecord() text when the caller already has it. */
  append(prospect: Prospect, record = encodeRecord(prospect)): void {
    this.records.writeText(record);
    this.emails.writeText(prospect.email.toLowerCase());
    this.hashes.append(hashProspect(prospect));
    this.finishRow(
      prospect.id,
      statusCode(prospect.status),
      isContacted(prospect) ? FLAG_CONTACTED : 0,
      prospect.tags ?? '',
    );
  }

  appendRaw(row: RawRow): void {
    this.records.writeBytes(row.record);
    this.emails.writeBytes(row.email);
    this.hashes.append(row.hashes);
    this.finishRow(row.id, row.status, row.flags, row.tags);
  }

  columns(): SnapshotColumns {
    const withZero = (ends: Float64Array) => {
      const offsets = new Float64Array(ends.length + 1);
      offsets.set(ends, 1);
      return offsets;
    };
    return {
      count: this.ids.length,
      ids: this.ids.view(),
      recordOffsets: withZero(this.recordEnds.view()),
      emailOffsets: withZero(this.emailEnds.view()),
      status: this.status.view(),
      flags: this.flags.view(),
      tagRefs: this.tagRefs.view(),
      tags: [...this.tags],
      records: this.records.parts(),
      emails: this.emails.parts(),
      hashes: this.hashes.hashes(),
    };
  }

  private finishRow(id: number, status: number, flags: number, tags: string): void {
    this.ids.push(id);
    this.recordEnds.push(this.records.length);
    this.emailEnds.push(this.emails.length);
    this.status.push(status);
    this.flags.push(flags);
    let ref = this.tagIndex.get(tags);
    if (ref === undefined) {
      ref = this.tags.length;
      this.tags.push(tags);
      this.tagIndex.set(tags, ref);
    }
    this.tagRefs.push(ref);
  }
}
