/**
 * Per-prospect fingerprints of every writable field (shared/update/field-hash.ts),
 * kept beside the snapshot's records so the update preview compares a list
 * with the account without decoding a record per row. Sparse, because most
 * prospects leave most fields empty (layout: RecordHashes in stored-prospect.ts).
 */
import { GrowableArray } from '../../shared/import/growable';
import { FIELD_ORDER } from '../../shared/import/prospect-fields';
import type { ProspectField } from '../../shared/import/prospect-fields';
import type { Prospect } from '../../shared/prospect';
import { WRITABLE_PROSPECT_FIELDS } from '../../shared/prospect';
import { bitCount, canonicalValue, writeCanonicalHash } from '../../shared/update/field-hash';
import type { RecordHashes } from '../../shared/update/stored-prospect';

/** One row's fingerprints (what RawRow carries from an old snapshot to a new one). */
export interface RowHashes {
  mask: number;
  blank: number;
  /** Two lanes per bit of `mask`, in field order. */
  lanes: Uint32Array;
}

const FIELDS: readonly ProspectField[] = WRITABLE_PROSPECT_FIELDS;
const scratch = new Uint32Array(2 * FIELDS.length);

/** The fingerprints of a prospect's writable fields. */
export function hashProspect(prospect: Prospect): RowHashes {
  let mask = 0;
  let blank = 0;
  let n = 0;
  const source = prospect as unknown as Record<string, unknown>;
  for (const field of FIELDS) {
    const raw = source[field];
    const bit = 1 << FIELD_ORDER[field];
    if (typeof raw !== 'string' || raw === '') {
      blank |= bit;
      continue;
    }
    const canonical = canonicalValue(field, raw);
    if (canonical === '') {
      // Compares as '' (the implicit fingerprint); blank only if nothing but spaces.
      if (raw.trim() === '') blank |= bit;
      continue;
    }
    mask |= bit;
    writeCanonicalHash(canonical, scratch, 2 * n++);
  }
  return { mask, blank, lanes: scratch.slice(0, 2 * n) };
}

/** Collects rows' fingerprints for one snapshot file. */
export class RecordHashSink {
  private readonly masks = new GrowableArray((n) => new Uint32Array(n));
  private readonly blanks = new GrowableArray((n) => new Uint32Array(n));
  private readonly ends = new GrowableArray((n) => new Uint32Array(n));
  private readonly lanes = new GrowableArray((n) => new Uint32Array(n));

  append(row: RowHashes): void {
    this.masks.push(row.mask);
    this.blanks.push(row.blank);
    for (let i = 0; i < row.lanes.length; i++) this.lanes.push(row.lanes[i]!);
    this.ends.push(this.lanes.length / 2);
  }

  hashes(): RecordHashes {
    const starts = new Uint32Array(this.ends.length + 1);
    starts.set(this.ends.view(), 1);
    return {
      masks: this.masks.view(),
      blanks: this.blanks.view(),
      starts,
      lanes: this.lanes.view(),
    };
  }
}

/** Row `index`'s fingerprints as stored (lanes share memory with `hashes`). */
export function rowHashesOf(hashes: RecordHashes, index: number): RowHashes {
  return {
    mask: hashes.masks[index]!,
    blank: hashes.blanks[index]!,
    lanes: hashes.lanes.subarray(2 * hashes.starts[index]!, 2 * hashes.starts[index + 1]!),
  };
}

/** Checks that stored fingerprints fit their rows (a damaged file throws). */
export function checkRecordHashes(hashes: RecordHashes, count: number): void {
  const { masks, starts, lanes } = hashes;
  if (starts.length !== count + 1 || starts[0] !== 0 || 2 * starts[count]! !== lanes.length) {
    throw new Error('The snapshot file is damaged: its field fingerprints do not match its rows.');
  }
  for (let i = 0; i < count; i++) {
    if (starts[i + 1]! - starts[i]! !== bitCount(masks[i]!)) {
      throw new Error('The snapshot file is damaged: a row has the wrong number of fingerprints.');
    }
  }
}
