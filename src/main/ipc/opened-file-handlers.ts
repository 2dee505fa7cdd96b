import type { OpenedFiles } from '../lists/opened-files';
import type { Handlers } from './router';

type OpenedFileChannels = 'files:take-opened' | 'files:read-chunk' | 'files:release';

/**
 * Files the OS asked us to open: the page takes what is pending, reads each
 * accepted file by its token (never by path), and releases the token once
 * the import has the bytes. An unknown or released token is `not_found`.
 */
export function createOpenedFileHandlers(deps: {
  openedFiles: OpenedFiles;
}): Pick<Handlers, OpenedFileChannels> {
  const { openedFiles } = deps;
  return {
    'files:take-opened': () => ({ files: openedFiles.take() }),
    'files:read-chunk': async ({ token, offset, length }) => ({
      bytes: await openedFiles.read(token, offset, length),
    }),
    'files:release': ({ token }) => ({ released: openedFiles.release(token) }),
  };
}
