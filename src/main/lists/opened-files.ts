import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import {
  extensionOf,
  isOpenableName,
  OPENABLE_EXTENSIONS,
  OPENED_FILE_CHUNK_BYTES,
} from '../../shared/opened-files';
import type { FileOpenedEvent, OpenedFile, OpenedFileEntry } from '../../shared/opened-files';
import { AppError } from '../app-error';
import { fillFrom } from '../store/read-whole';

/**
 * Spreadsheets the OS asked us to open (`AppServices.openFiles`), kept until
 * the renderer takes them and read for it by token only.
 *
 * Each accepted file gets a random token; `read` answers only for a live
 * token and only from that file, and checks on every read that the path
 * still names the same file, unchanged (device, inode, size, mtime), so
 * swapping the file for another after it was accepted gets nothing. Tokens
 * end with `release` (the import has read the file) or `dispose` (app quit).
 */
export class OpenedFiles {
  /** token → the file it reads. */
  private readonly files = new Map<string, AcceptedFile>();
  private pending: OpenedFileEntry[] = [];
  /** Paths are checked in the order they were opened, one call after another. */
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    /** Called once the paths of an `open` are checked: the renderer should take them. */
    private readonly onPending: (event: FileOpenedEvent) => void = () => undefined,
  ) {}

  /**
   * Checks each path (absolute, a regular file we can read, one of
   * OPENABLE_EXTENSIONS) and queues a file or a refusal for `take`. A path
   * that fails becomes a refusal the renderer shows; this rejects only when
   * `onPending` throws.
   */
  open(paths: readonly string[]): Promise<void> {
    const run = this.queue.then(async () => {
      const entries: OpenedFileEntry[] = [];
      for (const path of paths) entries.push(await this.accept(path));
      if (this.disposed || entries.length === 0) return;
      this.pending.push(...entries);
      this.onPending({ pending: this.pending.length });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Everything opened since the last take; each entry is given once. */
  take(): OpenedFileEntry[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Exactly `length` bytes of a live token's file from `offset`. */
  async read(token: string, offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const file = this.files.get(token);
    if (!file) {
      throw new AppError(
        'not_found',
        'This file is no longer open in Prospect Desk: open it again.',
      );
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length)) {
      throw new AppError('validation', 'Offset and length must be whole numbers.');
    }
    if (length < 1 || length > OPENED_FILE_CHUNK_BYTES || offset + length > file.size) {
      throw new AppError(
        'validation',
        `Bytes ${offset}–${offset + length} are not inside “${file.name}” (${file.size} bytes).`,
      );
    }
    const handle = await openForReading(file.path, file.name);
    try {
      if (!sameFile(await handle.stat({ bigint: true }), file.stats)) throw changed(file.name);
      const bytes = new Uint8Array(length);
      if (!(await fillFrom(handle, bytes, offset))) throw changed(file.name);
      return bytes;
    } finally {
      await handle.close();
    }
  }

  /** Ends a token: its file can no longer be read. False when it was not live. */
  release(token: string): boolean {
    return this.files.delete(token);
  }

  /** App quit: every token ends, nothing more is queued. */
  dispose(): void {
    this.disposed = true;
    this.files.clear();
    this.pending = [];
  }

  private async accept(path: string): Promise<OpenedFileEntry> {
    const name = basename(path) || path;
    // A relative path would be resolved against main's folder, not the
    // launching shell's: the Electron glue resolves them first.
    if (!isAbsolute(path)) {
      return refused(name, `Prospect Desk could not tell which folder “${name}” is in.`);
    }
    let stats: BigIntStats;
    try {
      stats = await stat(path, { bigint: true });
      if (!stats.isFile()) return refused(name, notAFile(name, stats));
      if (!isOpenableName(name)) return refused(name, wrongType(name));
      // Proves the file can be read now, and that it is the file just checked.
      const handle = await openForReading(path, name);
      try {
        if (!sameFile(await handle.stat({ bigint: true }), stats)) throw changed(name);
      } finally {
        await handle.close();
      }
    } catch (error) {
      return refused(name, error instanceof AppError ? error.message : unreadable(name, error));
    }
    if (this.disposed) return refused(name, 'Prospect Desk is closing.');
    const token = `of_${randomBytes(16).toString('hex')}`;
    const file: OpenedFile = {
      kind: 'file',
      token,
      name,
      size: Number(stats.size),
      lastModified: Math.floor(Number(stats.mtimeMs)),
    };
    this.files.set(token, { path, name, size: file.size, stats });
    return file;
  }
}

interface AcceptedFile {
  path: string;
  name: string;
  size: number;
  /** As accepted; every read compares the file against these. */
  stats: BigIntStats;
}

// O_NONBLOCK: opening a FIFO swapped in for the file must not hang main.
// Windows has no such flag (and no FIFOs at a file path).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

async function openForReading(path: string, name: string): Promise<FileHandle> {
  try {
    return await open(path, READ_FLAGS);
  } catch (error) {
    throw new AppError(
      codeOf(error) === 'ENOENT' ? 'not_found' : 'permission',
      unreadable(name, error),
    );
  }
}

/** The same file (device and inode), unchanged since it was accepted. */
function sameFile(now: BigIntStats, then: BigIntStats): boolean {
  return (
    now.isFile() &&
    now.dev === then.dev &&
    now.ino === then.ino &&
    now.size === then.size &&
    now.mtimeNs === then.mtimeNs
  );
}

const refused = (name: string, message: string): OpenedFileEntry => ({
  kind: 'refused',
  name,
  message,
});

const changed = (name: string) =>
  new AppError(
    'conflict',
    `“${name}” changed on disk while Prospect Desk was opening it: open it again.`,
  );

const listOfExtensions = () => {
  const all = [...OPENABLE_EXTENSIONS];
  return `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
};

const WORKBOOKS = new Set(['.xlsx', '.xlsm', '.xls', '.ods', '.numbers']);

function wrongType(name: string): string {
  const message = `Prospect Desk can only open ${listOfExtensions()} spreadsheets: ${name}`;
  return WORKBOOKS.has(extensionOf(name))
    ? `${message}. Save the workbook as “CSV UTF-8” first, then open that file.`
    : message;
}

function notAFile(name: string, stats: BigIntStats): string {
  return stats.isDirectory()
    ? `“${name}” is a folder: open a spreadsheet inside it instead.`
    : `“${name}” is not a regular file, so Prospect Desk cannot open it.`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function unreadable(name: string, error: unknown): string {
  switch (codeOf(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `“${name}” could not be found: it may have been moved, renamed or deleted.`;
    case 'EACCES':
    case 'EPERM':
      return `Prospect Desk is not allowed to read “${name}”. Check the file's permissions.`;
    case 'EBUSY':
      return `“${name}” is locked by another program: close it there, then open it again.`;
    default:
      return `“${name}” could not be read${codeOf(error) ? ` (${codeOf(error)})` : ''}.`;
  }
}
