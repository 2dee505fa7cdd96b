/**
 * The update preview, built row by row.
 *
 * Only results are kept (performance-facts.md: holding 1M rows and a 1M
 * snapshot as objects is GC-bound and near the heap limit): the kind of every
 * row in a Uint8Array, the row number and prospect id in typed arrays, the
 * email as bytes outside the heap (packed-strings.ts). The changes of new
 * and changed rows (what the preview shows and what will be sent) are either
 * packed the same way as rows are diffed (`add()`: the CLI) or worked out
 * when read from a ChangeSource (`addClassified()`: the app's fingerprint
 * preview, hashed-preview.ts). Reading them is async either way (`rowsAt`,
 * `plannedRows`).
 */
import type { ProspectField } from '../import/prospect-fields';
import { PackedStrings } from '../packed-strings';
import type { WritableProspectField } from '../prospect';
import { changeFlags, changesToFields, diffRow } from './diff-row';
import type { ChangeFlag, FieldChange } from './diff-row';
import type { StoredProspect } from './stored-prospect';
import type { OutcomeKind, PlannedRow, RowKind, RowOutcome } from './update-types';
import { ROW_KINDS } from './update-types';

/** One list row as the import pipeline hands it over. */
export interface PreviewRowInput {
  /** Position of the row in its list (previewRows() leaves dropped rows out). */
  index?: number;
  /** Original row number in the file. */
  row: number;
  /** Lowercased email (emailKey()), null when the row has none. */
  emailKey: string | null;
  /** Email as written in the file. */
  email: string;
  /** Normalised values aligned with the builder's `fields`. */
  values: readonly string[];
  /** The row failed validation: never sent. */
  invalid?: boolean;
  /** A repeat of an earlier row's email: never sent (one row per prospect per update). */
  duplicate?: boolean;
}

export interface PreviewOptions {
  fields: readonly ProspectField[];
  clearBlanks: boolean;
  /** The snapshot, by lowercase email (see stored-prospect.ts), for rows given to add(). */
  lookup?: (emailKey: string) => StoredProspect | undefined;
  /**
   * Where the changes of rows given to addClassified() come from when read
   * (hashed-preview.ts works them out again from the list and the snapshot).
   */
  changes?: ChangeSource;
}

/** A sendable row's email and changes. */
export interface Sendable {
  email: string;
  changes: readonly FieldChange[];
}

/** Reads the changes of new and changed rows classified without them. */
export interface ChangeSource {
  /** The email and changes of these rows (those that send nothing are left out). */
  changesOf(indices: readonly number[]): Promise<Map<number, Sendable>>;
}

/** How many of a row's changed fields carry each flag (see ChangeFlag). */
export interface FlagCounts {
  statusChanges: number;
  overwrites: number;
  clears: number;
}

/** Counts for the summary line; `flags` counts changed fields per flag (included rows or not). */
export interface PreviewSummary {
  total: number;
  byKind: Record<RowKind, number>;
  included: number;
  flags: Record<ChangeFlag, number>;
  /** Rows with at least one flagged change. */
  flaggedRows: number;
}

/** One row for the preview grid. */
export interface PreviewRow {
  index: number;
  row: number;
  kind: RowKind;
  email: string;
  prospectId: number | null;
  included: boolean;
  changes: readonly FieldChange[];
}

const NO_CHANGES: readonly FieldChange[] = Object.freeze([]);
/** Rows whose changes plannedRows() works out at a time. */
const PLAN_BATCH = 10_000;

/** Streaming preview: `add()` every row, then read, filter, include/exclude, plan. */
export class UpdatePreviewBuilder {
  private count = 0;
  private kinds = new Uint8Array(1024);
  private included = new Uint8Array(1024);
  private rows = new Float64Array(1024);
  private ids = new Float64Array(1024);
  private readonly emails = new PackedStrings();
  /** Row index → its packed `[email, field index, old, new, …]` (new and changed rows given to add()). */
  private readonly sendable = new Map<number, number>();
  private readonly packed = new PackedStrings();
  private readonly kindCounts = new Array<number>(ROW_KINDS.length).fill(0);
  private readonly flagCounts: Record<ChangeFlag, number> = {
    'status-change': 0,
    overwrite: 0,
    clear: 0,
  };
  private flaggedRows = 0;

  constructor(private readonly options: PreviewOptions) {}

  /** Diffs one row and records the result; returns its kind. */
  add(input: PreviewRowInput): RowKind {
    const { lookup } = this.options;
    if (!lookup) throw new Error('This preview classifies rows elsewhere: use addClassified().');
    const index = this.count;
    this.grow(index + 1);
    let kind: RowKind;
    let prospect: StoredProspect | undefined;
    if (input.invalid || input.emailKey === null) kind = 'invalid';
    else if (input.duplicate) kind = 'duplicate';
    else {
      prospect = lookup(input.emailKey);
      const diff = diffRow(
        { fields: this.options.fields, values: input.values },
        prospect?.values,
        {
          clearBlanks: this.options.clearBlanks,
        },
      );
      kind = diff.kind;
      if (kind !== 'unchanged') {
        this.sendable.set(index, this.pack(prospect?.email ?? input.email, diff.changes));
        this.countFlags(diff.changes);
      }
    }
    this.emails.push(input.email);
    this.record(index, kind, input.row, prospect ? prospect.id : NaN);
    return kind;
  }

  /**
   * Records a row whose kind and flags were worked out elsewhere (from
   * fingerprints); its changes are read from `options.changes` when needed.
   * `email` is the row's email as written, UTF-8, in `bytes[start … end)`.
   */
  addClassified(
    row: number,
    kind: RowKind,
    prospectId: number,
    email: { bytes: Uint8Array; start: number; end: number },
    flags: FlagCounts | null,
  ): void {
    if (!this.options.changes) throw new Error('This preview diffs rows itself: use add().');
    const index = this.count;
    this.grow(index + 1);
    this.emails.pushBytes(email.bytes, email.start, email.end);
    if (flags) {
      this.flagCounts['status-change'] += flags.statusChanges;
      this.flagCounts.overwrite += flags.overwrites;
      this.flagCounts.clear += flags.clears;
      if (flags.statusChanges + flags.overwrites + flags.clears > 0) this.flaggedRows++;
    }
    this.record(index, kind, row, prospectId);
  }

  private record(index: number, kind: RowKind, row: number, id: number): void {
    const code = ROW_KINDS.indexOf(kind);
    this.kinds[index] = code;
    this.included[index] = kind === 'new' || kind === 'changed' ? 1 : 0;
    this.rows[index] = row;
    this.ids[index] = id;
    this.kindCounts[code] = (this.kindCounts[code] ?? 0) + 1;
    this.count = index + 1;
  }

  get size(): number {
    return this.count;
  }

  summary(): PreviewSummary {
    const byKind = Object.fromEntries(
      ROW_KINDS.map((kind, i) => [kind, this.kindCounts[i] ?? 0]),
    ) as Record<RowKind, number>;
    let included = 0;
    for (let i = 0; i < this.count; i++) included += this.included[i] ?? 0;
    return {
      total: this.count,
      byKind,
      included,
      flags: { ...this.flagCounts },
      flaggedRows: this.flaggedRows,
    };
  }

  kindAt(index: number): RowKind {
    this.check(index);
    return ROW_KINDS[this.kinds[index] ?? 0] as RowKind;
  }

  /** Rows for the grid (a window: their changes are worked out now). */
  async rowsAt(indices: readonly number[]): Promise<PreviewRow[]> {
    for (const index of indices) this.check(index);
    const sendables = await this.sendables(indices);
    return indices.map((index) => this.previewRow(index, sendables.get(index)));
  }

  /**
   * Every row with its changes, `size` rows at a time, and the planned rows
   * among them: the change preview file and apply's plan in one pass (each
   * row's changes are worked out once).
   */
  async *windows(size: number): AsyncGenerator<{ rows: PreviewRow[]; planned: PlannedRow[] }> {
    for (let first = 0; first < this.count; first += size) {
      const indices = Array.from(
        { length: Math.min(size, this.count - first) },
        (_, k) => first + k,
      );
      const sendables = await this.sendables(indices);
      const planned: PlannedRow[] = [];
      for (const index of indices) {
        if (this.included[index] === 1) planned.push(this.plannedRow(index, sendables.get(index)!));
      }
      yield { rows: indices.map((index) => this.previewRow(index, sendables.get(index))), planned };
    }
  }

  /**
   * Includes or excludes one row. Only new and changed rows can be sent:
   * returns false (and changes nothing) for the others.
   */
  setIncluded(index: number, included: boolean): boolean {
    const kind = this.kindAt(index);
    if (kind !== 'new' && kind !== 'changed') return false;
    this.included[index] = included ? 1 : 0;
    return true;
  }

  /** Includes or excludes every row of a sendable kind. */
  setKindIncluded(kind: 'new' | 'changed', included: boolean): void {
    const code = ROW_KINDS.indexOf(kind);
    for (let i = 0; i < this.count; i++) {
      if (this.kinds[i] === code) this.included[i] = included ? 1 : 0;
    }
  }

  isIncluded(index: number): boolean {
    this.check(index);
    return this.included[index] === 1;
  }

  /** Indices of rows of the given kinds, in list order, for the grid's filter. */
  filter(kinds: ReadonlySet<RowKind>): Uint32Array {
    const codes = new Uint8Array(ROW_KINDS.length);
    for (const kind of kinds) codes[ROW_KINDS.indexOf(kind)] = 1;
    let n = 0;
    for (let i = 0; i < this.count; i++) if (codes[this.kinds[i] ?? 0] === 1) n++;
    const out = new Uint32Array(n);
    let k = 0;
    for (let i = 0; i < this.count; i++) if (codes[this.kinds[i] ?? 0] === 1) out[k++] = i;
    return out;
  }

  /** The included new and changed rows, in list order, ready for planUpdateBatches(). */
  async plannedRows(): Promise<PlannedRow[]> {
    const out: PlannedRow[] = [];
    let batch: number[] = [];
    const flush = async () => {
      const sendables = await this.sendables(batch);
      for (const index of batch) out.push(this.plannedRow(index, sendables.get(index)!));
      batch = [];
    };
    for (let index = 0; index < this.count; index++) {
      if (this.included[index] !== 1) continue;
      batch.push(index);
      // In batches: a million rows' list text is not read at once.
      if (batch.length === PLAN_BATCH) await flush();
    }
    await flush();
    return out;
  }

  /**
   * Outcomes of the rows that are not sent: unchanged and excluded rows
   * ('unchanged', code EXCLUDED for the latter), invalid and duplicate rows
   * ('failed', codes INVALID_ROW / DUPLICATE_ROW). With the reconciled
   * outcomes of the sent rows this gives every row exactly one outcome.
   */
  skippedOutcomes(): RowOutcome[] {
    const out: RowOutcome[] = [];
    for (let i = 0; i < this.count; i++) {
      if (this.included[i] === 1) continue;
      const kind = this.kindAt(i);
      const [outcome, code, message] = SKIPPED[kind];
      const id = this.ids[i] ?? NaN;
      out.push({
        row: this.rows[i] ?? 0,
        email: this.emails.get(i),
        prospectId: Number.isNaN(id) ? null : id,
        outcome,
        ...(code !== undefined && { code, message }),
      });
    }
    return out;
  }

  /** Copies the email and changes out of the heap (the values would keep their whole rows alive). */
  private pack(email: string, changes: readonly FieldChange[]): number {
    const { fields } = this.options;
    const flat: (string | number)[] = [email];
    for (const c of changes) flat.push(fields.indexOf(c.field), c.old, c.new);
    // JSON, not a separator: stored values may hold any character.
    return this.packed.push(JSON.stringify(flat));
  }

  private previewRow(index: number, sendable: Sendable | undefined): PreviewRow {
    const id = this.ids[index] ?? NaN;
    return {
      index,
      row: this.rows[index] ?? 0,
      kind: this.kindAt(index),
      email: this.emails.get(index),
      prospectId: Number.isNaN(id) ? null : id,
      included: this.included[index] === 1,
      changes: sendable?.changes ?? NO_CHANGES,
    };
  }

  private plannedRow(index: number, item: Sendable): PlannedRow {
    const id = this.ids[index] ?? NaN;
    return {
      row: this.rows[index] ?? 0,
      kind: Number.isNaN(id) ? 'new' : 'changed',
      email: item.email,
      prospectId: Number.isNaN(id) ? null : id,
      update: { email: item.email, ...changesToFields(item.changes) },
      changes: item.changes,
    };
  }

  /** The email and changes of the new and changed rows among `indices`. */
  private async sendables(indices: readonly number[]): Promise<Map<number, Sendable>> {
    const sending = indices.filter((i) => {
      const kind = this.kindAt(i);
      return kind === 'new' || kind === 'changed';
    });
    if (this.options.changes) return this.options.changes.changesOf(sending);
    const out = new Map<number, Sendable>();
    for (const index of sending) {
      const ref = this.sendable.get(index);
      if (ref !== undefined)
        out.set(index, this.unpack(ref, this.kindAt(index) as 'new' | 'changed'));
    }
    return out;
  }

  private unpack(ref: number, kind: 'new' | 'changed'): Sendable {
    const flat = JSON.parse(this.packed.get(ref)) as (string | number)[];
    const changes: FieldChange[] = [];
    for (let i = 1; i < flat.length; i += 3) {
      const field = this.options.fields[flat[i] as number] as WritableProspectField;
      const old = flat[i + 1] as string;
      const value = flat[i + 2] as string;
      changes.push({ field, old, new: value, flags: changeFlags(kind, field, old, value) });
    }
    return { email: flat[0] as string, changes };
  }

  private countFlags(changes: readonly FieldChange[]): void {
    let flagged = false;
    for (const c of changes) {
      for (const flag of c.flags) {
        this.flagCounts[flag]++;
        flagged = true;
      }
    }
    if (flagged) this.flaggedRows++;
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`No preview row ${index}`);
    }
  }

  private grow(needed: number): void {
    if (needed <= this.kinds.length) return;
    const size = Math.max(needed, this.kinds.length * 2);
    this.kinds = copyInto(new Uint8Array(size), this.kinds);
    this.included = copyInto(new Uint8Array(size), this.included);
    this.rows = copyInto(new Float64Array(size), this.rows);
    this.ids = copyInto(new Float64Array(size), this.ids);
  }
}

const SKIPPED: Readonly<
  Record<RowKind, readonly [OutcomeKind, string | undefined, string | undefined]>
> = {
  new: ['unchanged', 'EXCLUDED', 'Excluded from this update'],
  changed: ['unchanged', 'EXCLUDED', 'Excluded from this update'],
  unchanged: ['unchanged', undefined, undefined],
  invalid: ['failed', 'INVALID_ROW', 'The row has errors: fix it and import it again'],
  duplicate: ['failed', 'DUPLICATE_ROW', 'Another row of the list has the same email'],
};

function copyInto<T extends Uint8Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
