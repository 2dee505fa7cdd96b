import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../main/app-error';
import type { CliIo } from './io';

/**
 * What every command checks before it reads anything from the account or
 * writes anything: the files and folders it names, and its numbers and
 * names. Each refusal is one line naming the path as the user typed it,
 * with exit code 2 (cli-errors.ts). Between these checks and the write the
 * disk can still change; the write then fails with a one-line message too.
 */

const refuse = (message: string): AppError => new AppError('validation', message);

/** An input file that passed `checkInputFile`. */
export interface InputFile {
  /** As typed, for messages. */
  typed: string;
  path: string;
  size: number;
  dev: number;
  ino: number;
}

/** An output file that passed `checkOutputFile`: its folder exists and is writable. */
export interface OutputFile {
  option: string;
  typed: string;
  path: string;
  /** The real path of its folder (symlinks resolved). */
  folder: string;
  /** The file as it is now, when it exists. */
  existing: Stats | null;
}

export const MiB = 1 << 20;
/** Lists, backups: the app's saved lists stop at 4 GiB too (lists/list-files.ts). */
export const MAX_INPUT_BYTES = 4096 * MiB;

/**
 * An input file: it exists, is a regular file (not a folder, a pipe or a
 * device) we may read, holds at least one byte and at most `maxBytes`.
 */
export async function checkInputFile(
  io: CliIo,
  typed: string,
  limits: { maxBytes: number; what: string },
): Promise<InputFile> {
  const path = resolve(io.cwd, typed);
  const found = await statOf(path);
  if (found === 'missing' || found === 'blocked') {
    const blocker = await fileOnPath(io, typed);
    throw refuse(
      blocker
        ? `Cannot read ${typed}: ${blocker} is a file, not a folder.`
        : `Cannot read ${typed}: no such file.`,
    );
  }
  if (found === 'denied') throw refuse(`Cannot read ${typed}: permission denied.`);
  if (found.isDirectory()) throw refuse(`${typed} is a folder, not a file.`);
  if (!found.isFile()) throw refuse(`${typed} is not a regular file.`);
  if (found.size === 0) throw refuse(`${typed} is empty.`);
  if (found.size > limits.maxBytes) {
    throw refuse(
      `${typed} is ${megabytes(found.size)}: ${limits.what} may be ${megabytes(limits.maxBytes)} at most.`,
    );
  }
  if (!(await can(path, constants.R_OK))) throw refuse(`Cannot read ${typed}: permission denied.`);
  return { typed, path, size: found.size, dev: found.dev, ino: found.ino };
}

/**
 * A file the command will write (temp file + rename beside it): its folder
 * exists, is a folder and is writable; the file itself, if there, is a
 * regular file (never a folder, nor a device like /dev/null, which a rename
 * would replace) and none of `inputs`.
 */
export async function checkOutputFile(
  io: CliIo,
  option: string,
  typed: string,
  inputs: readonly InputFile[] = [],
): Promise<OutputFile> {
  const path = resolve(io.cwd, typed);
  const folderTyped = dirname(typed);
  const folderStat = await statOf(dirname(path));
  if (folderStat === 'denied') {
    throw refuse(`${option} ${typed}: cannot reach the folder ${folderTyped} (permission denied).`);
  }
  if (folderStat === 'missing' || folderStat === 'blocked' || !folderStat.isDirectory()) {
    const blocker = await fileOnPath(io, typed);
    throw refuse(
      blocker
        ? `${option} ${typed}: ${blocker} is a file, not a folder.`
        : `${option} ${typed}: the folder ${folderTyped} does not exist.`,
    );
  }
  const existing = await statOf(path);
  if (existing === 'denied') throw refuse(`${option} ${typed}: permission denied.`);
  const file = existing === 'missing' || existing === 'blocked' ? null : existing;
  if (file?.isDirectory()) throw refuse(`${option} ${typed} is a folder: name a file to write.`);
  if (file && !file.isFile()) {
    throw refuse(`${option} ${typed} is not a regular file: name a file to write.`);
  }
  for (const input of inputs) {
    if (file && file.dev === input.dev && file.ino === input.ino) {
      const which = typed === input.typed ? '' : ` ${input.typed}`;
      throw refuse(`${option} ${typed} is the input file${which}: name another file to write.`);
    }
  }
  const folder = await realpath(dirname(path));
  if (!(await can(folder, constants.W_OK | constants.X_OK))) {
    throw refuse(
      `${option} ${typed}: cannot write in the folder ${folderTyped} (permission denied).`,
    );
  }
  return { option, typed, path, folder, existing: file };
}

/** Two outputs must not be one file (same name, a link, or a case-insensitive disk). */
export async function checkDistinctOutputs(a: OutputFile, b: OutputFile): Promise<void> {
  const same =
    (a.existing &&
      b.existing &&
      a.existing.dev === b.existing.dev &&
      a.existing.ino === b.existing.ino) ||
    (a.folder === b.folder && (await sameName(a.folder, basename(a.path), basename(b.path))));
  if (same) throw refuse(`${a.option} ${a.typed} and ${b.option} ${b.typed} name the same file.`);
}

/**
 * A folder the command writes into, created if needed: it is a folder (or
 * can be made under one) and writable.
 */
export async function checkOutputFolder(io: CliIo, option: string, typed: string): Promise<string> {
  const path = resolve(io.cwd, typed);
  const found = await statOf(path);
  if (found === 'denied') throw refuse(`${option} ${typed}: permission denied.`);
  if (found !== 'missing' && found !== 'blocked') {
    if (!found.isDirectory()) throw refuse(`${option} ${typed} is a file, not a folder.`);
    if (!(await can(path, constants.W_OK | constants.X_OK))) {
      throw refuse(`${option} ${typed}: cannot write in this folder (permission denied).`);
    }
    return path;
  }
  const blocker = await fileOnPath(io, typed);
  if (blocker) throw refuse(`${option} ${typed}: ${blocker} is a file, not a folder.`);
  const nearest = await nearestFolder(path);
  if (!(await can(nearest, constants.W_OK | constants.X_OK))) {
    throw refuse(`${option} ${typed}: cannot create it in ${nearest} (permission denied).`);
  }
  return path;
}

/** A folder that must already exist (it holds an earlier run) and that we may write in. */
export async function checkExistingFolder(
  io: CliIo,
  option: string,
  typed: string,
): Promise<string> {
  const path = resolve(io.cwd, typed);
  const found = await statOf(path);
  if (found === 'denied') throw refuse(`${option} ${typed}: permission denied.`);
  if (found === 'missing' || found === 'blocked') {
    const blocker = await fileOnPath(io, typed);
    throw refuse(
      blocker
        ? `${option} ${typed}: ${blocker} is a file, not a folder.`
        : `${option} ${typed}: no such folder.`,
    );
  }
  if (!found.isDirectory()) throw refuse(`${option} ${typed} is a file, not a folder.`);
  // Resuming, retrying and reverting append to the run's files there.
  if (!(await can(path, constants.W_OK | constants.X_OK))) {
    throw refuse(`${option} ${typed}: cannot write in this folder (permission denied).`);
  }
  return path;
}

/**
 * A whole number in decimal digits within `min`–`max`: `0x0a`, `1e3`, `+5`,
 * `1.0` and numbers past 2^53 are refused rather than read as something else.
 */
export function wholeNumber(
  option: string,
  raw: string | undefined,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw refuse(`${option} takes a whole number in digits, ${range} (got ${shown(raw)}).`);
  }
  return value;
}

/** Comma-separated ids in digits (`--campaigns 7,8`), each a positive safe integer, no repeats. */
export function idList(option: string, raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((v) => v.trim());
  const ids = parts.map((part) => (/^\d{1,16}$/.test(part) ? Number(part) : NaN));
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0)) {
    throw refuse(
      `${option} takes ids in digits separated by commas, like 7,8 (got ${shown(raw)}).`,
    );
  }
  if (new Set(ids).size !== ids.length) throw refuse(`${option} names an id twice.`);
  return ids;
}

/** A name option given but blank (`--file-name " "`). */
export function nonBlank(option: string, raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.trim() === '')
    throw refuse(`${option} needs a name that is not blank.`);
  return raw?.trim();
}

/** Whether `path` names something (a run's plan, a backup's manifest). */
export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A user's value in a message: quoted, one line, short. */
export function shown(raw: string): string {
  const text = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  return text;
}

function megabytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MB`;
}

async function statOf(path: string): Promise<Stats | 'missing' | 'blocked' | 'denied'> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'blocked';
    if (code === 'EACCES' || code === 'EPERM') return 'denied';
    if (code === 'ELOOP' || code === 'ENAMETOOLONG') return 'missing';
    throw error;
  }
}

/** The part of `typed`'s path (as typed) that is a file where a folder should be, if any. */
async function fileOnPath(io: CliIo, typed: string): Promise<string | null> {
  for (let part = dirname(typed); ; part = dirname(part)) {
    const found = await statOf(resolve(io.cwd, part));
    if (found !== 'missing' && found !== 'blocked' && found !== 'denied') {
      return found.isDirectory() ? null : part;
    }
    if (dirname(part) === part) return null;
  }
}

async function nearestFolder(path: string): Promise<string> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const found = await statOf(dir);
    if (found !== 'missing' && found !== 'blocked') return dir;
    if (dirname(dir) === dir) return dir;
  }
}

async function can(path: string, mode: number): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

/**
 * Whether two names in `folder` are one file: equal, or equal but for case
 * and Unicode form on a disk that ignores those (macOS and Windows by
 * default). Detected by looking an entry of the folder up with its case
 * swapped; the platform's default when the folder has no entry to try.
 */
async function sameName(folder: string, a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const fold = (name: string) => name.normalize('NFC').toLowerCase();
  if (fold(a) !== fold(b)) return false;
  return ignoresCase(folder);
}

async function ignoresCase(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const probe = names.find((name) => swapCase(name) !== name);
  if (probe === undefined) return process.platform === 'darwin' || process.platform === 'win32';
  const [original, swapped] = await Promise.all([
    stat(join(folder, probe)).catch(() => null),
    stat(join(folder, swapCase(probe))).catch(() => null),
  ]);
  return !!original && !!swapped && original.ino === swapped.ino && original.dev === swapped.dev;
}

function swapCase(name: string): string {
  return [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}
