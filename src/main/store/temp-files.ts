import { createHash, randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isProcessRunning } from './process-alive';

/**
 * The temp files durable writes go through (atomic-write.ts), and the sweep
 * that removes the ones a killed process left behind.
 *
 *   .normalized.csv.4242-3fa2c1-9f8e7d6c5b4a.tmp
 *    ^ target name   ^pid ^where ^random
 *
 * `where` is a hash of the host name (and, on Linux, the pid namespace): it
 * says whose pid numbers these are. A temp file is litter, and removed, only
 * when its writer is certainly gone:
 * - written here, by another process: that pid no longer runs. A pid still
 *   running keeps the file, even if the number was reused by another
 *   program: when in doubt we keep a hidden file rather than pull one from
 *   under a writer (store/lease-lock.ts judges its lock owners the same way);
 * - written here, by this process: it is not one this process has open
 *   (a process that had our pid before us);
 * - written on another computer sharing the folder (or in another pid
 *   namespace), or named the old way without a pid: untouched for a day.
 *   Pids mean nothing there, and every write touches the file, so a day
 *   without one is a writer that is gone.
 * A pid alone would not do: on a shared folder it would remove another
 * computer's file mid-write. An age alone would not either: a write can pause
 * for minutes (rate limits), so a short threshold is unsafe and a long one
 * leaves litter for a day. Both together are exact for the common case.
 *
 * When: the first durable write into a folder sweeps it, again at most every
 * few minutes (the app runs for days). Only a kill leaves litter — a writer
 * that fails removes its own temp file — so that is soon enough.
 */
const WHERE = createHash('sha256')
  .update(`${hostname()}\n${pidNamespace()}`)
  .digest('hex')
  .slice(0, 6);
const TEMP = /^\..*\.(\d{1,10})-([0-9a-f]{6})-[0-9a-f]{12}\.tmp$/;
/** Before pids were in the name: `.<name>.<12 hex>.tmp`. */
const OLD_TEMP = /^\..*\.[0-9a-f]{12}\.tmp$/;
/** Untouched this long, a temp file whose pid we cannot judge is litter. */
export const UNJUDGED_TEMP_STALE_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 5 * 60 * 1000;
// Leaves room for the suffix within the usual 255-byte name limit.
const MAX_NAME_BYTES_IN_TEMP = 120;

/** Temp files this process has open (absolute paths). */
const open = new Set<string>();
/** When each folder was last swept by this process. */
const swept = new Map<string, number>();

/** A new temp path beside `path`, marked as this process's until `releaseTempPath`. */
export function claimTempPath(path: string): string {
  const name = shortened(basename(path));
  const temp = join(
    dirname(path),
    `.${name}.${process.pid}-${WHERE}-${randomBytes(6).toString('hex')}.tmp`,
  );
  open.add(temp);
  return temp;
}

export function releaseTempPath(temp: string): void {
  open.delete(temp);
}

/** The file a temp path stands in for, for messages ("cannot write x.csv"). */
export function targetOfTempPath(path: string): string | null {
  const name = basename(path);
  if (!TEMP.test(name) && !OLD_TEMP.test(name)) return null;
  return join(dirname(path), name.slice(1).replace(/\.[^.]+\.tmp$/, ''));
}

export interface SweepOptions {
  now?: number;
  /** Is this pid running here? (tests) */
  isRunning?: (pid: number) => boolean;
}

/**
 * Removes the litter of killed writers from `dir` (see above) and returns
 * the names removed. Best effort: a folder that cannot be listed, or a file
 * that is gone by the time we remove it, is skipped.
 */
export async function sweepTempFiles(dir: string, options: SweepOptions = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const running = options.isRunning ?? isProcessRunning;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const ours = TEMP.exec(name);
    let litter: boolean;
    if (ours && ours[2] === WHERE) {
      const pid = Number(ours[1]);
      litter = pid === process.pid ? !open.has(path) : !running(pid);
    } else if (ours || OLD_TEMP.test(name)) {
      litter = await untouchedFor(path, now, UNJUDGED_TEMP_STALE_MS);
    } else {
      continue;
    }
    if (
      litter &&
      (await rm(path, { force: true }).then(
        () => true,
        () => false,
      ))
    ) {
      removed.push(name);
    }
  }
  return removed;
}

/** Sweeps `dir` unless this process did so in the last few minutes. */
export async function sweepTempFilesNow(dir: string): Promise<void> {
  const now = Date.now();
  const last = swept.get(dir);
  if (last !== undefined && now - last < SWEEP_EVERY_MS) return;
  swept.set(dir, now);
  await sweepTempFiles(dir, { now });
}

async function untouchedFor(path: string, now: number, ms: number): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.isFile() && now - s.mtimeMs > ms;
  } catch {
    return false;
  }
}

/** `name` cut to whole characters that fit MAX_NAME_BYTES_IN_TEMP bytes of UTF-8. */
function shortened(name: string): string {
  let out = '';
  let bytes = 0;
  for (const char of name) {
    bytes += Buffer.byteLength(char);
    if (bytes > MAX_NAME_BYTES_IN_TEMP) break;
    out += char;
  }
  return out;
}

/** Linux: which pid namespace our pids belong to (a Flatpak sandbox has its own). */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}
