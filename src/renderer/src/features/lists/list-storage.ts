/**
 * Saving an open list to main (which keeps it in the data folder, usable
 * offline) and reading a saved one back, piece by piece.
 *
 * The worker serialises the list once (rows as UTF-8 bytes, a Float64 offsets
 * index); pieces of at most 16 MiB then go worker → renderer (transferred)
 * → main, so neither the UI thread nor IPC ever holds the whole list.
 */
import { MAX_CHUNK_BYTES } from '../../../../shared/ipc/contract';
import { LIST_PARTS } from '../../../../shared/lists';
import type { ListMeta, ListPart } from '../../../../shared/lists';
import { api, call } from '../../lib/api';
import type { ImportWorkerClient } from '../import/worker-client';
import type { ReadListPiece } from '../import/import-controller';

/**
 * Saves the worker's list under `name`; `replaces` is the id of the list this
 * save supersedes (Save changes). Resolves with the saved list.
 */
export async function saveList(
  client: ImportWorkerClient,
  name: string,
  replaces: string | null,
  onProgress?: (sent: number, total: number) => void,
): Promise<ListMeta> {
  const meta = await client.call('listMeta', { name });
  const sizes = await client.call('savePrepare', null);
  try {
    const total = sizes.rows + sizes.offsets;
    const { uploadId } = await call(
      api.beginListSave({ meta: replaces ? { ...meta, replaces } : meta }),
    );
    let sent = 0;
    for (const part of LIST_PARTS) {
      // Even an empty part gets one (empty) piece, so main sees every part.
      for (let seq = 0, offset = 0; seq === 0 || offset < sizes[part]; seq++) {
        const length = Math.min(MAX_CHUNK_BYTES, sizes[part] - offset);
        const bytes = await client.call('savePiece', { part, offset, length });
        await call(api.saveListChunk({ uploadId, part, seq, bytes }));
        offset += length;
        sent += length;
        onProgress?.(sent, total);
      }
    }
    return await call(api.commitListSave({ uploadId }));
  } finally {
    await client.call('saveRelease', null).catch(() => undefined);
  }
}

/** Reads a saved list's pieces from main (`lists:read-chunk`). */
export function listPieceReader(id: string): ReadListPiece {
  return (part: ListPart, seq: number) => call(api.readListChunk({ id, part, seq }));
}

/** The default name of a list imported from `fileName`. */
export function listNameFor(fileName: string): string {
  return fileName.replace(/\.(csv|tsv|txt)$/i, '') || fileName;
}
