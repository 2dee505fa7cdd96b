/**
 * Files the OS asked Prospect Desk to open (file association, "Open with",
 * `prospect-desk file.csv`, a second launch, macOS `open-file`): what main
 * accepts, the shapes that cross IPC, and how the page turns the pieces it
 * reads back into a `File` for the import.
 *
 * The page never names a path. Main gives each accepted file an unguessable
 * token and reads only those files, by token (src/main/lists/opened-files.ts),
 * so IPC is no way to read arbitrary files from disk.
 */

/** What the installers register and main accepts (compared in lower case). */
export const OPENABLE_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

/** `of_` + 128 random bits in hex. */
export const OPENED_FILE_TOKEN = /^of_[0-9a-f]{32}$/;

/**
 * The most `files:read-chunk` returns at once: big enough to read fast, small
 * enough that one piece never weighs on either process.
 */
export const OPENED_FILE_CHUNK_BYTES = 8 * 1024 * 1024;

/** An opened file the page may read, by token, until it releases it. */
export interface OpenedFile {
  kind: 'file';
  token: string;
  /** The file's name without its folder. */
  name: string;
  size: number;
  /** Epoch ms of the last change, like `File.lastModified`. */
  lastModified: number;
}

/** A file main would not open, and why, in words the user understands. */
export interface OpenedFileRefusal {
  kind: 'refused';
  name: string;
  message: string;
}

export type OpenedFileEntry = OpenedFile | OpenedFileRefusal;

/**
 * The `files:opened` event: something waits in `files:take-opened`. Carries no
 * name, path or token, so nothing leaks whatever page the window shows.
 */
export interface FileOpenedEvent {
  pending: number;
}

/** The lower-case extension with its dot (`.csv`), or '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function isOpenableName(name: string): boolean {
  return (OPENABLE_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

/** The MIME type a file picker would give the file. */
export function openedFileType(name: string): string {
  switch (extensionOf(name)) {
    case '.csv':
      return 'text/csv';
    case '.tsv':
      return 'text/tab-separated-values';
    default:
      return 'text/plain';
  }
}

/**
 * Reads an opened file piece by piece, in order, into a `File` with its name,
 * type and date, as a picked or dropped file would have.
 *
 * Each piece is appended to the Blob built so far (`new Blob([soFar, piece])`
 * references `soFar` without copying it), so a 650 MB file is never held
 * twice: one piece at a time lives in the JS heap, the rest in the browser's
 * blob storage (which may page it to disk).
 */
export async function readOpenedFile(
  file: OpenedFile,
  options: {
    readChunk(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>>;
    chunkBytes?: number;
    signal?: AbortSignal;
    onProgress?(bytesRead: number): void;
  },
): Promise<File> {
  const type = openedFileType(file.name);
  const chunkBytes = options.chunkBytes ?? OPENED_FILE_CHUNK_BYTES;
  let blob = new Blob([], { type });
  for (let offset = 0; offset < file.size;) {
    options.signal?.throwIfAborted();
    const length = Math.min(chunkBytes, file.size - offset);
    const bytes = await options.readChunk(offset, length);
    options.signal?.throwIfAborted();
    if (bytes.byteLength !== length) {
      throw new Error(`Read ${bytes.byteLength} bytes of “${file.name}” where ${length} were due.`);
    }
    blob = new Blob([blob, bytes], { type });
    offset += length;
    options.onProgress?.(offset);
  }
  return new File([blob], file.name, { type, lastModified: file.lastModified });
}
