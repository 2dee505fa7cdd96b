/**
 * What the update preview needs of a saved list, computed once per saved
 * version of it: for every row the preview considers (previewRows(): the
 * same row plan, validation and duplicate rule), its file row number, its
 * position in the list, its email as written and as a lowercase key (UTF-8),
 * whether it can be sent, and the fingerprint of each mapped field's
 * normalised value (field-hash.ts; (0, 0) for a blank cell).
 *
 * Normalising a million rows takes seconds; with this the preview of a list
 * against a snapshot compares numbers, whatever the snapshot (hashed-preview.ts).
 *
 * It comes in blocks of rows, read one after the other: the diff walks the
 * list in order, so a 1M-row fingerprint (~300 MB with 30 fields) never has
 * to be in memory at once (fingerprint-block.ts has the bytes on disk).
 */
import { GrowableArray, GrowableBytes } from '../import/growable';
import type { ProspectField } from '../import/prospect-fields';
import type { SliceOptions } from '../sliced-loop';
import { SliceTimer } from '../sliced-loop';
import { writeFieldHash } from './field-hash';
import { previewRows } from './list-preview-rows';
import type { PreviewListSource } from './list-preview-rows';
import type { PreviewRowInput } from './update-preview';

/**
 * Saved fingerprints record this and FIELD_HASH_VERSION; others are computed
 * again. Bump it whenever what the fingerprint holds or how rows are
 * normalised (normalise-row.ts, normalise-cell.ts) changes:
 * test/shared/update/list-fingerprint.test.ts pins a few rows' fingerprints
 * to remind you.
 */
export const FINGERPRINT_VERSION = 2;

/** Rows per block. */
export const BLOCK_ROWS = 16_384;

/** Row flags: the row failed validation or has no email (never sent). */
export const FP_INVALID = 1;
/** Row flags: an earlier row has the same email (never sent). */
export const FP_DUPLICATE = 2;

/** Rows `first` … `first + count − 1` of a fingerprint. */
export interface FingerprintBlock {
  first: number;
  count: number;
  /** File row number of each row. */
  lines: Float64Array;
  /** Position of each row in the list (dropped rows are not in the fingerprint). */
  sources: Uint32Array;
  flags: Uint8Array;
  /** Emails as written, UTF-8; row i is emails[emailStarts[i] … emailStarts[i + 1]). */
  emails: Uint8Array;
  emailStarts: Uint32Array;
  /** Lowercase emails ('' for none), UTF-8, the same way. */
  keys: Uint8Array;
  keyStarts: Uint32Array;
  /** count × fields × 2 hash lanes. */
  lanes: Uint32Array;
}

export interface ListFingerprint {
  /** The list's mapped fields, in plan order (what `lanes` is aligned with). */
  fields: readonly ProspectField[];
  count: number;
  /**
   * The blocks in order. A block's arrays may be reused for the next one:
   * copy what you keep before asking for it.
   */
  blocks(): AsyncIterable<FingerprintBlock>;
}

/** A fingerprint held in memory (just computed). */
export class MemoryFingerprint implements ListFingerprint {
  constructor(
    readonly fields: readonly ProspectField[],
    readonly count: number,
    readonly held: readonly FingerprintBlock[],
  ) {}

  async *blocks(): AsyncIterable<FingerprintBlock> {
    yield* this.held;
  }
}

/**
 * Computes a list's fingerprint in slices (a million rows take seconds),
 * handing each block to `sink` as soon as it is complete: a saved list's is
 * written to disk as it goes, never whole in memory.
 */
export async function forEachFingerprintBlock(
  source: PreviewListSource,
  sink: (block: FingerprintBlock) => Promise<void>,
  options: SliceOptions = {},
): Promise<{ fields: readonly ProspectField[]; count: number; blocks: number }> {
  const { fields, rows } = previewRows(source);
  const timer = new SliceTimer(options, source.length);
  let block = new BlockBuilder(0, fields);
  let blocks = 0;
  let n = 0;
  for (const row of rows) {
    if (block.count === BLOCK_ROWS) {
      await sink(block.finish());
      blocks++;
      block = new BlockBuilder(block.first + block.count, fields);
    }
    block.add(row);
    // Dropped rows are not in it: progress counts list rows.
    n = (row.index ?? n) + 1;
    if (timer.due()) await timer.pause(n);
  }
  if (block.count > 0) {
    await sink(block.finish());
    blocks++;
  }
  timer.finish();
  return { fields, count: block.first + block.count, blocks };
}

/** A list's fingerprint in memory (tests, small lists). */
export async function buildListFingerprint(
  source: PreviewListSource,
  options: SliceOptions = {},
): Promise<MemoryFingerprint> {
  const held: FingerprintBlock[] = [];
  const { fields, count } = await forEachFingerprintBlock(
    source,
    async (block) => void held.push(block),
    options,
  );
  return new MemoryFingerprint(fields, count, held);
}

class BlockBuilder {
  count = 0;
  private readonly lines = new GrowableArray((n) => new Float64Array(n));
  private readonly sources = new GrowableArray((n) => new Uint32Array(n));
  private readonly flags = new GrowableArray((n) => new Uint8Array(n));
  private readonly emails = new GrowableBytes();
  private readonly keys = new GrowableBytes();
  private readonly emailEnds = new GrowableArray((n) => new Uint32Array(n));
  private readonly keyEnds = new GrowableArray((n) => new Uint32Array(n));
  private readonly lanes: Uint32Array;

  constructor(
    readonly first: number,
    private readonly fields: readonly ProspectField[],
  ) {
    this.lanes = new Uint32Array(BLOCK_ROWS * 2 * fields.length);
  }

  add(row: PreviewRowInput): void {
    this.lines.push(row.row);
    this.sources.push(row.index ?? this.first + this.count);
    this.flags.push(
      (row.invalid || row.emailKey === null ? FP_INVALID : 0) | (row.duplicate ? FP_DUPLICATE : 0),
    );
    this.emailEnds.push(this.emails.pushText(row.email));
    this.keyEnds.push(this.keys.pushText(row.emailKey ?? ''));
    const base = this.count * 2 * this.fields.length;
    for (let f = 0; f < this.fields.length; f++) {
      const value = row.values[f] ?? '';
      // Blank stays (0, 0): "leave unchanged" (or clear), never a value.
      if (value !== '') writeFieldHash(this.fields[f]!, value, this.lanes, base + 2 * f);
    }
    this.count++;
  }

  finish(): FingerprintBlock {
    return {
      first: this.first,
      count: this.count,
      lines: this.lines.view().slice(),
      sources: this.sources.view().slice(),
      flags: this.flags.view().slice(),
      emails: this.emails.view().slice(),
      emailStarts: withZero(this.emailEnds.view()),
      keys: this.keys.view().slice(),
      keyStarts: withZero(this.keyEnds.view()),
      lanes: this.lanes.slice(0, this.count * 2 * this.fields.length),
    };
  }
}

function withZero(ends: Uint32Array): Uint32Array {
  const out = new Uint32Array(ends.length + 1);
  out.set(ends, 1);
  return out;
}
