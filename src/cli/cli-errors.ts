import { toErrorDto } from '../main/error-dto';
import { redact } from '../main/log';
import { targetOfTempPath } from '../main/store/temp-files';
import type { CliIo } from './io';

/**
 * Exit codes, the same for every command (README, "Command line"):
 *
 *   0  done
 *   1  could not complete: the account or the network failed, a disk error,
 *      a run's own files are damaged, or rows/prospects are left unresolved
 *      (failed, unknown, not yet sent); the output says what to run next
 *   2  refused: a mistake in the command or in the files and folders it
 *      names, found before anything was read from the account or written
 *      (the one exception: a `--confirm` count that does not match what was
 *      backed up can only be found after the backup, which is kept)
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Prints a failure as one line on stderr and returns its exit code. Typed
 * errors (AppError, ApiError, the backup errors) carry their own message;
 * the file system's (ENOENT, ENOSPC…) become "cannot write X: the disk is
 * full"; anything else is a bug: one "internal error" line saying what to
 * report, then its stack (the CLI has no log file to point at).
 */
export function reportFailure(command: string, error: unknown, io: CliIo): number {
  const prefix = `prospect-desk ${command}:`;
  const fs = fileSystemMessage(error);
  if (fs) {
    io.stderr.write(`${prefix} ${oneLine(fs)}\n`);
    return EXIT.failed;
  }
  if (isImportError(error) && error.code !== 'internal') {
    // The import core's refusals of an input file (not a CSV, empty…); a
    // failed read is the disk's doing, not the file's.
    io.stderr.write(`${prefix} ${oneLine(redact(error.message))}\n`);
    return error.code === 'read-failed' || error.code === 'cancelled' ? EXIT.failed : EXIT.usage;
  }
  const dto = toErrorDto(error);
  if (dto.code === 'internal' && !hasDto(error)) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(
      `${prefix} internal error (${oneLine(redact(what))}). This is a bug in Prospect Desk: please report it with the command you ran and the lines below.\n`,
    );
    if (error instanceof Error && error.stack) io.stderr.write(`${redact(error.stack)}\n`);
    return EXIT.failed;
  }
  io.stderr.write(`${prefix} ${oneLine(dto.message)}\n`);
  return dto.code === 'validation' ? EXIT.usage : EXIT.failed;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a folder on its path is a file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'it is in use by another program',
  EEXIST: 'it already exists',
  EXDEV: 'it is on another disk',
};

const WRITES = new Set(['open', 'write', 'rename', 'mkdir', 'unlink', 'rmdir', 'fsync', 'link']);

/** A file-system error (it has an errno code and the path) as a sentence; null for others. */
function fileSystemMessage(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException | null;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') {
    return null;
  }
  const reason = REASONS[e.code];
  if (!reason) return null;
  const path = e.path ? (targetOfTempPath(e.path) ?? e.path) : 'a file';
  const verb = WRITES.has(e.syscall) && e.syscall !== 'open' ? 'write' : 'use';
  return `Cannot ${verb} ${path}: ${reason} (${e.code}).`;
}

function isImportError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'ImportError' && 'code' in error;
}

function hasDto(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { toDto?: unknown }).toDto === 'function'
  );
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
