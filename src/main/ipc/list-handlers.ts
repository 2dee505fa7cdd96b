import type { ExportFiles } from '../lists/export-files';
import type { ListFiles } from '../lists/list-files';
import type { ListFingerprints } from '../lists/list-fingerprints';
import type { PresetStore } from '../lists/presets-file';
import type { Handlers } from './router';

type ListChannels =
  | 'lists:list'
  | 'lists:begin-save'
  | 'lists:save-chunk'
  | 'lists:commit-save'
  | 'lists:read-chunk'
  | 'lists:remove'
  | 'presets:list'
  | 'presets:save'
  | 'exports:begin'
  | 'exports:chunk'
  | 'exports:commit'
  | 'exports:abort';

/**
 * Saved lists, mapping presets and streamed export files. The stores do the
 * work (src/main/lists); unknown upload, list and export ids are `not_found`.
 */
export function createListHandlers(deps: {
  lists: ListFiles;
  /** Given each saved list to prepare for update previews, in the background. */
  fingerprints: ListFingerprints;
  presets: PresetStore;
  exports: ExportFiles;
}): Pick<Handlers, ListChannels> {
  const { lists, presets, exports, fingerprints } = deps;
  return {
    'lists:list': () => lists.list(),
    'lists:begin-save': async ({ meta }) => ({ uploadId: await lists.begin(meta) }),
    'lists:save-chunk': async ({ uploadId, part, seq, bytes }) => ({
      received: await lists.append(uploadId, part, seq, bytes),
    }),
    'lists:commit-save': async ({ uploadId }) => {
      const meta = await lists.commit(uploadId);
      fingerprints.prepareInBackground(meta);
      return meta;
    },
    'lists:read-chunk': ({ id, part, seq }) => lists.read(id, part, seq),
    'lists:remove': async ({ id }) => ({ removed: await lists.remove(id) }),
    'presets:list': async () => ({ presets: await presets.list() }),
    'presets:save': ({ preset }) => presets.save(preset),
    'exports:begin': ({ fileName }) => exports.begin(fileName),
    'exports:chunk': async ({ exportId, text }) => ({
      written: await exports.write(exportId, text),
    }),
    'exports:commit': ({ exportId }) => exports.commit(exportId),
    'exports:abort': async ({ exportId }) => ({ aborted: await exports.abort(exportId) }),
  };
}
