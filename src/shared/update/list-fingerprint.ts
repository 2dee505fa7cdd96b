/**
 * What the update preview needs of a saved list, computed once per saved
 * version of it: for every row the preview considers (previewRows(): the
 * same row plan, validation and duplicate rule), its file row number, its
 * email as written and as a lowercase key (UTF-8), whether it can be sent,
 * and the fingerprint of each mapped field's normalised value (field-hash.ts;
 * (0, 0) for a blank cell).
 *
 * Normalising a million rows takes seconds; with this the preview of a list
 * against a snapshot compares numbers, whatever the snapshot (hashed-preview.ts).
 */
import { GrowableArray, GrowableBytes } from '../import/growable';
import { FIELD_ORDER } from '../import/prospect-fields';
import type { ProspectField } from '../import/prospect-fields';
import { forEachSliced } from '../sliced-loop';
import type { SliceOptions } from '../sliced-loop';
import { writeFieldHash } from './field-hash';
import { previewRows } from './list-preview-rows';
import type { PreviewListSource } from './list-preview-rows';

/**
 * Saved fingerprints record this and FIELD_HASH_VERSION; others are computed
 * again. Bump it whenever what the fingerprint holds or how rows are
 * normalised (normalise-row.ts, normalise-cell.ts) changes:
 * test/shared/update/list-fingerprint.test.ts pins a few rows' fingerprints
 * to remind you.
 */
export const FINGERPRINT_VERSION = 1;

/** Row flags: the row failed validation or has no email (never sent). */
export const FP_INVALID = 1;
/** Row flags: an earlier row has the same email (never sent). */
export const FP_DUPLICATE = 2;

export interface ListFingerprint {
  /** The list's mapped fields, in plan order (what `lanes` is aligned with). */
  fields: readonly ProspectField[];
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
  /** count × fields.length × 2 hash lanes. */
  lanes: Uint32Array;
}

/** Computes a list's fingerprint, in slices (a million rows take seconds). */
export async function buildListFingerprint(
  source: PreviewListSource,
  options: SliceOptions = {},
): Promise<ListFingerprint> {
  const { fields, rows } = previewRows(source);
  const lines = new GrowableArray((n) => new Float64Array(n));
  const sources = new GrowableArray((n) => new Uint32Array(n));
  const flags = new GrowableArray((n) => new Uint8Array(n));
  const emails = new GrowableBytes();
  const keys = new GrowableBytes();
  const emailEnds = new GrowableArray((n) => new Uint32Array(n));
  const keyEnds = new GrowableArray((n) => new Uint32Array(n));
  const width = 2 * fields.length;
  let lanes = new Uint32Array(width * 1024);
  let count = 0;
  await forEachSliced(
    rows,
    source.length,
    (row) => {
      lines.push(row.row);
      sources.push(row.index ?? count);
      flags.push(
        (row.invalid || row.emailKey === null ? FP_INVALID : 0) |
          (row.duplicate ? FP_DUPLICATE : 0),
      );
      emailEnds.push(emails.pushText(row.email));
      keyEnds.push(keys.pushText(row.emailKey ?? ''));
      if ((count + 1) * width > lanes.length) {
        const next = new Uint32Array(lanes.length * 2);
        next.set(lanes);
        lanes = next;
      }
      const base = count * width;
      for (let f = 0; f < fields.length; f++) {
        const value = row.values[f] ?? '';
        // Blank stays (0, 0): "leave unchanged" (or clear), never a value.
        if (value !== '') writeFieldHash(fields[f]!, value, lanes, base + 2 * f);
      }
      count++;
    },
    options,
  );
  return {
    fields,
    count,
    lines: lines.view(),
    sources: sources.view(),
    flags: flags.view(),
    emails: emails.view(),
    emailStarts: withZero(emailEnds.view()),
    keys: keys.view(),
    keyStarts: withZero(keyEnds.view()),
    lanes: lanes.subarray(0, count * width),
  };
}

/** Checks a fingerprint read from disk against itself (a damaged one throws). */
export function checkListFingerprint(fp: ListFingerprint): void {
  const n = fp.count;
  const ok =
    fp.fields.every((f) => f in FIELD_ORDER) &&
    fp.lines.length === n &&
    fp.sources.length === n &&
    fp.flags.length === n &&
    fp.lanes.length === n * fp.fields.length * 2 &&
    offsetsFit(fp.emailStarts, n, fp.emails.length) &&
    offsetsFit(fp.keyStarts, n, fp.keys.length);
  if (!ok) throw new Error('The list fingerprint is damaged.');
}

function offsetsFit(starts: Uint32Array, count: number, total: number): boolean {
  if (starts.length !== count + 1 || starts[0] !== 0 || starts[count] !== total) return false;
  for (let i = 0; i < count; i++) if (starts[i + 1]! < starts[i]!) return false;
  return true;
}

function withZero(ends: Uint32Array): Uint32Array {
  const out = new Uint32Array(ends.length + 1);
  out.set(ends, 1);
  return out;
}
