import { mkdir } from 'node:fs/promises';
import { csvRecord, UTF8_BOM } from '../../shared/csv/csv-writer';
import type { UpdatePreviewBuilder } from '../../shared/update/update-preview';
import type { PlannedRow } from '../../shared/update/update-types';
import { writeFileDurably } from '../store/atomic-write';
import { updatePaths, writePieces } from './update-files';

const PREVIEW_COLUMNS = ['row', 'email', 'kind', 'included', 'field', 'old', 'new', 'flags'];

/**
 * The change preview as files (returning the planned rows, worked out in
 * the same pass): `preview.csv` has one line per changed field
 * (and one per row without changes, so every row appears), formula-safe;
 * `preview.json` the counts.
 *
 *   row,email,kind,included,field,old,new,flags
 *   2,ana@example.com,changed,yes,snippet1,Hi Ana,Hello Ana,overwrite
 *   3,bob@example.com,unchanged,no,,,,
 */
export async function writePreviewFiles(
  dir: string,
  preview: UpdatePreviewBuilder,
): Promise<PlannedRow[]> {
  const paths = updatePaths(dir);
  await mkdir(dir, { recursive: true });
  const planned: PlannedRow[] = [];
  await writePieces(paths.previewCsv, previewLines(preview, planned));
  await writeFileDurably(paths.previewJson, `${JSON.stringify(preview.summary(), null, 2)}\n`);
  return planned;
}

/** Rows whose changes are worked out at a time (a preview can have a million). */
const WINDOW = 10_000;

/** The file's lines; the planned rows met on the way go into `planned`. */
async function* previewLines(
  preview: UpdatePreviewBuilder,
  planned: PlannedRow[],
): AsyncGenerator<string> {
  yield UTF8_BOM + csvRecord(PREVIEW_COLUMNS);
  for await (const window of preview.windows(WINDOW)) {
    for (const row of window.planned) planned.push(row);
    for (const row of window.rows) {
      const base = [String(row.row), row.email, row.kind, row.included ? 'yes' : 'no'];
      if (row.changes.length === 0) yield csvRecord([...base, '', '', '', '']);
      for (const change of row.changes) {
        yield csvRecord([...base, change.field, change.old, change.new, change.flags.join(' ')]);
      }
    }
  }
}
