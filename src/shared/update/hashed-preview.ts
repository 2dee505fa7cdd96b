/**
 * The update preview as the app builds it: a saved list's fingerprint
 * (list-fingerprint.ts) against the snapshot's (RecordHashes), compared
 * field by field as numbers. Only the rows that will be sent are ever decoded,
 * and only when the grid or apply reads their changes (FingerprintChanges).
 *
 * Same result as diffing every row with diffRow() (list-preview-rows.ts), which
 * the tests check: a field is unchanged when its fingerprints are equal
 * (field-hash.ts), blank cells leave fields as they are unless `clearBlanks`
 * (never status; nothing to clear when the stored value is blank), and the
 * flags follow changeFlags().
 */
import { mappingFromColumns } from '../import/header-mapping';
import type { ColumnAssignment } from '../import/header-mapping';
import { compileRowPlan } from '../import/normalise-row';
import { FIELD_ORDER } from '../import/prospect-fields';
import type { ProspectField } from '../import/prospect-fields';
import { splitCells } from '../import/row-store';
import { GrowableArray } from '../import/growable';
import { SliceTimer } from '../sliced-loop';
import { diffRow } from './diff-row';
import { bitCount, EMPTY_HASH } from './field-hash';
import { FP_DUPLICATE, FP_INVALID } from './list-fingerprint';
import type { ListFingerprint } from './list-fingerprint';
import type { BuildPreviewOptions, PreviewListSource } from './list-preview-rows';
import type { StoredFingerprints, StoredProspect } from './stored-prospect';
import { UpdatePreviewBuilder } from './update-preview';
import type { ChangeSource, FlagCounts, Sendable } from './update-preview';

/** A saved list as the fingerprint diff needs it. */
export interface FingerprintedList {
  fingerprint: ListFingerprint;
  meta: PreviewListSource['meta'];
  /**
   * The stored bytes (RowStore.rowBytes) of the list rows `sources`
   * (ascending) back to back, row k at bytes[starts[k] … starts[k + 1]).
   * Called whenever the changes of rows that will be sent are read (grid
   * windows, apply), so a preview never holds list rows. Throws when the
   * list is no longer the version the fingerprint was made from.
   */
  readRows(sources: Uint32Array): Promise<RowTexts>;
}

export interface RowTexts {
  bytes: Uint8Array;
  starts: Float64Array;
}

const STATUS_BIT = 1 << FIELD_ORDER.status;
const NEW = -1;

/** The preview of a fingerprinted list against a snapshot, in slices (see the module comment). */
export async function buildHashedPreview(
  list: FingerprintedList,
  stored: StoredFingerprints,
  options: BuildPreviewOptions,
): Promise<UpdatePreviewBuilder> {
  const fp = list.fingerprint;
  const changes = new FingerprintChanges(list, stored, options.clearBlanks);
  const builder = new UpdatePreviewBuilder({
    fields: fp.fields,
    clearBlanks: options.clearBlanks,
    changes,
  });
  const compare = rowComparer(fp.fields, stored, options.clearBlanks);
  const timer = new SliceTimer(options, fp.count);
  const email: { bytes: Uint8Array; start: number; end: number } = {
    bytes: new Uint8Array(0),
    start: 0,
    end: 0,
  };
  for await (const block of fp.blocks()) {
    email.bytes = block.emails;
    for (let i = 0; i < block.count; i++) {
      const index = block.first + i;
      email.start = block.emailStarts[i]!;
      email.end = block.emailStarts[i + 1]!;
      const line = block.lines[i]!;
      const flags = block.flags[i]!;
      if (flags & (FP_INVALID | FP_DUPLICATE)) {
        builder.addClassified(line, flags & FP_INVALID ? 'invalid' : 'duplicate', NaN, email, null);
      } else {
        const row = stored.find(block.keys, block.keyStarts[i]!, block.keyStarts[i + 1]!);
        const counts = row < 0 ? null : compare(block.lanes, i, row);
        const kind = row < 0 ? 'new' : counts ? 'changed' : 'unchanged';
        if (kind !== 'unchanged')
          changes.remember(index, row < 0 ? NEW : row, line, block.sources[i]!);
        builder.addClassified(line, kind, row < 0 ? NaN : stored.idAt(row), email, counts);
      }
      if (timer.due()) await timer.pause(index + 1);
    }
  }
  if (builder.size !== fp.count) throw new Error('The list fingerprint ended early.');
  timer.finish();
  return builder;
}

/**
 * Compares one list row's fingerprints (`lanes`, row `i` of a block) with
 * stored row `row`: null when nothing would change, else how many changed
 * fields carry each flag (the same object every time: read it at once).
 */
function rowComparer(
  fields: readonly ProspectField[],
  stored: StoredFingerprints,
  clearBlanks: boolean,
): (lanes: Uint32Array, i: number, row: number) => FlagCounts | null {
  const { masks, blanks, starts, lanes: storedLanes } = stored.hashes;
  const bits = fields.map((field) => (field === 'email' ? 0 : 1 << FIELD_ORDER[field]));
  const width = 2 * fields.length;
  const emptyA = EMPTY_HASH[0]!;
  const emptyB = EMPTY_HASH[1]!;
  const counts: FlagCounts = { statusChanges: 0, overwrites: 0, clears: 0 };
  return (lanes, i, row) => {
    counts.statusChanges = counts.overwrites = counts.clears = 0;
    let changed = false;
    const mask = masks[row]!;
    const blank = blanks[row]!;
    const base = i * width;
    for (let f = 0; f < bits.length; f++) {
      const bit = bits[f]!;
      if (bit === 0) continue;
      const a = lanes[base + 2 * f]!;
      const b = lanes[base + 2 * f + 1]!;
      const storedBlank = (blank & bit) !== 0;
      if (a === 0 && b === 0) {
        // A blank cell: leave the field, or clear it when asked to.
        if (clearBlanks && bit !== STATUS_BIT && !storedBlank) {
          changed = true;
          counts.clears++;
        }
        continue;
      }
      let sa = emptyA;
      let sb = emptyB;
      if (mask & bit) {
        const k = 2 * (starts[row]! + bitCount(mask & (bit - 1)));
        sa = storedLanes[k]!;
        sb = storedLanes[k + 1]!;
      }
      if (sa === a && sb === b) continue;
      changed = true;
      if (bit === STATUS_BIT) counts.statusChanges++;
      else if (!storedBlank) counts.overwrites++;
    }
    return changed ? counts : null;
  };
}

/**
 * The changes of new and changed rows, worked out when read: the list rows
 * are read again and normalised, and diffed with diffRow() against the
 * stored values, so what is shown and sent comes from the same code as the
 * CLI's preview. Holds no list rows (a million-row preview would otherwise
 * copy hundreds of MB), only where they are, and the snapshot it was
 * compared with (immutable, outside the V8 heap).
 */
class FingerprintChanges implements ChangeSource {
  /** Preview row → its slot among the rows that will be sent, or −1. */
  private readonly slotOf: Int32Array;
  // Per slot, in preview order (so list rows ascend too):
  private readonly indices = new GrowableArray((n) => new Uint32Array(n));
  private readonly storedRows = new GrowableArray((n) => new Float64Array(n));
  private readonly lines = new GrowableArray((n) => new Float64Array(n));
  private readonly sources = new GrowableArray((n) => new Uint32Array(n));
  private readonly readRows: FingerprintedList['readRows'];
  private readonly fields: readonly ProspectField[];
  private readonly plan;
  private readonly values: string[];
  private readonly storedValues: (row: number) => StoredProspect;
  private readonly decoder = new TextDecoder();

  constructor(
    list: FingerprintedList,
    stored: StoredFingerprints,
    private readonly clearBlanks: boolean,
  ) {
    const fp = list.fingerprint;
    this.plan = compileRowPlan(mappingFromColumns(list.meta.columns as ColumnAssignment[]));
    if (
      this.plan.fields.length !== fp.fields.length ||
      this.plan.fields.some((field, i) => field !== fp.fields[i])
    ) {
      throw new Error('The list fingerprint does not match the list mapping: prepare it again.');
    }
    this.readRows = list.readRows;
    this.fields = fp.fields;
    this.values = new Array<string>(fp.fields.length);
    this.slotOf = new Int32Array(fp.count).fill(-1);
    this.storedValues = stored.valuesAt(fp.fields);
  }

  /** Preview row `index` (list row `source`) will be sent: as new (NEW) or as a change of storedRow. */
  remember(index: number, storedRow: number, line: number, source: number): void {
    this.slotOf[index] = this.indices.length;
    this.indices.push(index);
    this.storedRows.push(storedRow);
    this.lines.push(line);
    this.sources.push(source);
  }

  async changesOf(indices: readonly number[]): Promise<Map<number, Sendable>> {
    const wanted = new Set(indices.map((i) => this.slotOf[i] ?? -1));
    wanted.delete(-1);
    const slots = [...wanted].sort((a, b) => a - b);
    const { bytes, starts } = await this.readRows(
      Uint32Array.from(slots, (s) => this.sources.get(s)),
    );
    if (starts.length !== slots.length + 1) {
      throw new Error(`The list gave ${starts.length - 1} of ${slots.length} rows.`);
    }
    const { plan, values } = this;
    const out = new Map<number, Sendable>();
    slots.forEach((slot, k) => {
      const text = this.decoder.decode(bytes.subarray(starts[k]!, starts[k + 1]!));
      plan.into(splitCells(text), this.lines.get(slot), values);
      const row = this.storedRows.get(slot);
      const current = row === NEW ? undefined : this.storedValues(row);
      const diff = diffRow({ fields: this.fields, values }, current?.values, {
        clearBlanks: this.clearBlanks,
      });
      out.set(this.indices.get(slot), {
        email: current?.email ?? values[plan.emailIndex] ?? '',
        changes: diff.changes,
      });
    });
    return out;
  }
}
