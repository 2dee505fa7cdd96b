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
import { PackedStrings } from '../packed-strings';
import { forEachSliced, range } from '../sliced-loop';
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
   * Calls `each` with the stored bytes (RowStore.rowBytes) of the list rows
   * `sources` (ascending), in that order: the rows that will be sent, which
   * the preview copies. A saved list streams them from disk (list-targets.ts).
   */
  readRows(
    sources: Uint32Array,
    each: (bytes: Uint8Array) => void,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** `readRows` over rows in memory. */
export function readRowsFrom(store: {
  rowBytes(index: number): Uint8Array;
}): FingerprintedList['readRows'] {
  return async (sources, each) => {
    for (const source of sources) each(store.rowBytes(source));
  };
}

const STATUS_BIT = 1 << FIELD_ORDER.status;
const NEW = -1;
const NOT_SENT = -2;

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
  const { masks, blanks, starts, lanes: storedLanes } = stored.hashes;
  const bits = fp.fields.map((field) => (field === 'email' ? 0 : 1 << FIELD_ORDER[field]));
  const width = 2 * fp.fields.length;
  const emptyA = EMPTY_HASH[0]!;
  const emptyB = EMPTY_HASH[1]!;
  const counts: FlagCounts = { statusChanges: 0, overwrites: 0, clears: 0 };
  const email = { bytes: fp.emails, start: 0, end: 0 };

  await forEachSliced(
    range(fp.count),
    fp.count,
    (i) => {
      email.start = fp.emailStarts[i]!;
      email.end = fp.emailStarts[i + 1]!;
      const flags = fp.flags[i]!;
      if (flags & (FP_INVALID | FP_DUPLICATE)) {
        const kind = flags & FP_INVALID ? 'invalid' : 'duplicate';
        builder.addClassified(fp.lines[i]!, kind, NaN, email, null);
        return;
      }
      const row = stored.find(fp.keys, fp.keyStarts[i]!, fp.keyStarts[i + 1]!);
      if (row < 0) {
        changes.remember(i, NEW);
        builder.addClassified(fp.lines[i]!, 'new', NaN, email, null);
        return;
      }
      counts.statusChanges = counts.overwrites = counts.clears = 0;
      let changed = false;
      const mask = masks[row]!;
      const blank = blanks[row]!;
      const base = i * width;
      for (let f = 0; f < bits.length; f++) {
        const bit = bits[f]!;
        if (bit === 0) continue;
        const a = fp.lanes[base + 2 * f]!;
        const b = fp.lanes[base + 2 * f + 1]!;
        const storedBlank = (blank & bit) !== 0;
        if (a === 0 && b === 0) {
          // A blank cell: leave the field, or clear it when asked to.
          if (options.clearBlanks && bit !== STATUS_BIT && !storedBlank) {
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
      if (changed) changes.remember(i, row);
      builder.addClassified(
        fp.lines[i]!,
        changed ? 'changed' : 'unchanged',
        stored.idAt(row),
        email,
        changed ? counts : null,
      );
    },
    options,
  );
  await changes.copyRows(list, options.signal);
  return builder;
}

/**
 * The changes of new and changed rows, worked out when read: the list row
 * is normalised again and diffed with diffRow() against the stored values,
 * so what is shown and sent comes from the same code as the CLI's preview.
 * Keeps a copy of the list rows that will be sent (not the whole list, which
 * may also be saved again meanwhile) and the snapshot it was compared with
 * (immutable, outside the V8 heap).
 */
class FingerprintChanges implements ChangeSource {
  /** Preview row → snapshot row; NEW for new rows, NOT_SENT for the others. */
  private readonly rowOf: Int32Array;
  /** Preview row → its list row in `texts`. */
  private readonly textOf: Int32Array;
  private readonly texts = new PackedStrings();
  /** Preview rows that will be sent, ascending. */
  private readonly sent = new GrowableArray((n) => new Uint32Array(n));
  private readonly fields: readonly ProspectField[];
  private readonly lines: Float64Array;
  private readonly plan;
  private readonly values: string[];
  private readonly storedValues: (row: number) => StoredProspect;

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
    this.fields = fp.fields;
    this.lines = fp.lines;
    this.values = new Array<string>(fp.fields.length);
    this.rowOf = new Int32Array(fp.count).fill(NOT_SENT);
    this.textOf = new Int32Array(fp.count);
    this.storedValues = stored.valuesAt(fp.fields);
  }

  /** Preview row `index` will be sent: as new (storedRow NEW) or as a change of storedRow. */
  remember(index: number, storedRow: number): void {
    this.rowOf[index] = storedRow;
    this.sent.push(index);
  }

  /** Copies the list rows that will be sent: the preview keeps only these. */
  async copyRows(list: FingerprintedList, signal?: AbortSignal): Promise<void> {
    const sent = this.sent.view();
    const sources = new Uint32Array(sent.length);
    for (let k = 0; k < sent.length; k++) sources[k] = list.fingerprint.sources[sent[k]!]!;
    let k = 0;
    await list.readRows(
      sources,
      (bytes) => (this.textOf[sent[k++]!] = this.texts.pushBytes(bytes, 0, bytes.length)),
      signal,
    );
    if (k !== sent.length) throw new Error(`The list gave ${k} of ${sent.length} rows.`);
  }

  changesOf(index: number): Sendable {
    const row = this.rowOf[index] ?? NOT_SENT;
    if (row === NOT_SENT) throw new RangeError(`Preview row ${index} sends nothing.`);
    const { plan, values } = this;
    plan.into(splitCells(this.texts.get(this.textOf[index]!)), this.lines[index]!, values);
    const current = row < 0 ? undefined : this.storedValues(row);
    const diff = diffRow({ fields: this.fields, values }, current?.values, {
      clearBlanks: this.clearBlanks,
    });
    return { email: current?.email ?? values[plan.emailIndex] ?? '', changes: diff.changes };
  }
}
