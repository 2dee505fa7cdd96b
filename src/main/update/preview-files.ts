import { mkdir } from 'node:fs/promises';
import { csvRecord, UTF8_BOM } from '../../shared/csv/csv-writer';
import type { UpdatePreviewBuilder } from '../../shared/update/update-preview';
import { writeFileDurably } from '../store/atomic-write';
import { updatePaths, writePieces } from './update-files';

const PREVIEW_COLUMNS = ['row', 'email', 'kind', 'included', 'field', 'old', 'new', 'flags'];

/**
 * The change preview as files: `preview.csv` has one line per changed field
 * (and one per row without changes, so every row appears), formula-safe;
 * `preview.json` the counts.
 *
 *   row,email,kind,included,field,old,new,flags
 *   2,ana@example.com,changed,yes,snippet1,Hi Ana,Hello Ana,overwrite
 *   3,bob@example.com,unchanged,no,,,,
 */
export async function writePreviewFiles(dir: string, preview: UpdatePreviewBuilder): Promise<void> {
  const paths = updatePaths(dir);
  await mkdir(dir, { recursive: true });
  await writePieces(paths.previewCsv, previewLines(preview));
  await writeFileDurably(paths.previewJson, `${JSON.stringify(preview.summary(), null, 2)}\n`);
}

/** Rows whose changes are worked out at a time (a preview can have a million). */
const WINDOW = 10_000;

async function* previewLines(preview: UpdatePreviewBuilder): AsyncGenerator<string> {
  yield UTF8_BOM + csvRecord(PREVIEW_COLUMNS);
  for (let first = 0; first < preview.size; first += WINDOW) {
    const indices = Array.from(
      { length: Math.min(WINDOW, preview.size - first) },
      (_, k) => first + k,
    );
    for (const row of await preview.rowsAt(indices)) {
      const base = [String(row.row), row.email, row.kind, row.included ? 'yes' : 'no'];
      if (row.changes.length === 0) yield csvRecord([...base, '', '', '', '']);
      for (const change of row.changes) {
        yield csvRecord([...base, change.field, change.old, change.new, change.flags.join(' ')]);
      }
    }
  }
}
