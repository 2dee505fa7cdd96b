import { mkdir } from 'node:fs/promises';
import { csvRecord, UTF8_BOM } from '../../shared/csv/csv-writer';
import type { UpdatePreviewBuilder } from '../../shared/update/update-preview';
import { openDurableWriter, writeFileDurably } from '../store/atomic-write';
import { updatePaths } from './update-files';

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
  const writer = await openDurableWriter(paths.previewCsv);
  try {
    let chunk = UTF8_BOM + csvRecord(PREVIEW_COLUMNS);
    for (let index = 0; index < preview.size; index++) {
      const row = preview.rowAt(index);
      const base = [String(row.row), row.email, row.kind, row.included ? 'yes' : 'no'];
      if (row.changes.length === 0) chunk += csvRecord([...base, '', '', '', '']);
      for (const change of row.changes) {
        chunk += csvRecord([...base, change.field, change.old, change.new, change.flags.join(' ')]);
      }
      if (chunk.length > 1 << 20) {
        await writer.write(chunk);
        chunk = '';
      }
    }
    await writer.write(chunk);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writeFileDurably(paths.previewJson, `${JSON.stringify(preview.summary(), null, 2)}\n`);
}
