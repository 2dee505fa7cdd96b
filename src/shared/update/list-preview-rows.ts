import { mappingFromColumns } from '../import/header-mapping';
import type { ImportSession } from '../import/import-session';
import { RowStore } from '../import/row-store';
import { decodeLineShifts } from '../list-lines';
import type { ColumnAssignment } from '../import/header-mapping';
import { compileRowPlan } from '../import/normalise-row';
import { emailKey } from '../import/normalise-cell';
import { EmailIndex } from '../import/email-index';
import type { ProspectField } from '../import/prospect-fields';
import type { ListMetaInput } from '../lists';
import { UpdatePreviewBuilder } from './update-preview';
import type { PreviewRowInput } from './update-preview';
import type { StoredLookup } from './stored-prospect';
import { forEachSliced } from '../sliced-loop';
import type { SliceOptions } from '../sliced-loop';

/** What the preview needs of a list: its stored rows and how its columns map. */
export interface PreviewListSource {
  meta: Pick<ListMetaInput, 'columns' | 'detection' | 'droppedRows' | 'lineShifts'>;
  length: number;
  cells(index: number): string[];
  /** Source line of a row; defaults to the meta's line shifts. */
  line?(index: number): number;
}

/**
 * A saved (or just-parsed) list as preview input: every row normalised and
 * validated with the same row plan as the import, in list order. A row whose
 * email was already seen is a duplicate (never sent: one row per prospect per
 * update); rows a duplicate resolution dropped are left out entirely.
 */
export function previewRows(source: PreviewListSource): {
  fields: readonly ProspectField[];
  rows: Generator<PreviewRowInput>;
} {
  const mapping = mappingFromColumns(source.meta.columns as ColumnAssignment[]);
  const plan = compileRowPlan(mapping);
  if (plan.emailIndex < 0) {
    throw new Error('The list has no column mapped to email: map one before previewing.');
  }
  const dropped = new Set(source.meta.droppedRows ?? []);
  const saved = source.line
    ? null
    : decodeLineShifts(source.meta.lineShifts, source.length, source.meta.detection.headerRow);
  const lineOf = source.line ?? ((index: number) => saved![index]!);
  function* rows(): Generator<PreviewRowInput> {
    // Hashes, not a Set of keys: a key cut from a row keeps the row's whole
    // text alive, so a Set would hold every row of the list on the heap.
    const scratch = new Array<string>(plan.fields.length);
    const firstRows = new EmailIndex((index) => {
      plan.into(source.cells(index), lineOf(index), scratch);
      return emailKey(scratch[plan.emailIndex] ?? '');
    });
    const values = new Array<string>(plan.fields.length);
    for (let index = 0; index < source.length; index++) {
      if (dropped.has(index)) continue;
      const row = lineOf(index);
      const errors = plan.into(source.cells(index), row, values);
      const email = values[plan.emailIndex] ?? '';
      const key = emailKey(email);
      const duplicate = key !== null && firstRows.getOrAdd(email, index) !== -1;
      yield {
        index,
        row,
        emailKey: key,
        email,
        // Shared from row to row: the builder diffs it at once and keeps only the changes.
        values,
        ...(errors.length > 0 && { invalid: true }),
        ...(duplicate && { duplicate: true }),
      };
    }
  }
  return { fields: plan.fields, rows: rows() };
}

export interface BuildPreviewOptions extends SliceOptions {
  clearBlanks: boolean;
}

/**
 * The whole preview of a list against a snapshot lookup (by lowercase email),
 * one row at a time (the CLI's fresh listing, tests; the app compares
 * fingerprints instead: hashed-preview.ts). Runs in slices.
 */
export async function buildPreview(
  source: PreviewListSource,
  lookup: StoredLookup,
  options: BuildPreviewOptions,
): Promise<UpdatePreviewBuilder> {
  const { fields, rows } = previewRows(source);
  const builder = new UpdatePreviewBuilder({
    fields,
    lookup: lookup(fields),
    clearBlanks: options.clearBlanks,
  });
  await forEachSliced(rows, source.length, (row) => builder.add(row), options);
  return builder;
}

/** A parsed import as preview input: its rows as the list would be saved (outside the heap). */
export function sessionPreviewSource(session: ImportSession, name: string): PreviewListSource {
  const meta = session.toListMetaInput(name);
  const { rows, offsets } = session.serialize();
  const store = RowStore.deserialize(rows, offsets);
  return { meta, length: store.length, cells: (index) => store.get(index) };
}
