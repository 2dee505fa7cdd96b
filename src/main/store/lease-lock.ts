import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error';
import { isProcessRunning } from './process-alive';

/**
 * A lock that works across processes (the app, the CLI, a second app started
 * on another desktop session): one execution of a run at a time.
 *
 * The lock at `path` is a series of numbered files, `path.1`, `path.2`, …;
 * the highest number is the current lock. Each is created atomically *with*
 * its content: the owner is written to a temp file first, then hard-linked
 * to its number (`link` fails if the name exists, on every OS we ship to).
 * Sample `run.lock.3`:
 *
 *   { "pid": 4242, "host": "rep-laptop", "nonce": "9f…", "since": "2026-12-07T10:00:00.000Z",
 *     "purpose": "Delete run del-20261207-100000-3fa2c1 (prospect-desk)" }
 *
 * The holder touches its file every few seconds. The current lock is stale —
 * and taken over, which the new holder is told so it can say so — only when
 * its owner is certainly gone: on this computer, its pid no longer runs; on
 * another computer sharing the folder, it has not been touched for a minute.
 * A pid still running (even one reused by another program) keeps the lock:
 * when in doubt, we refuse and say which process holds it.
 *
 * Taking over or taking a released lock never removes or renames anything:
 * the taker creates the next number, so of several racers exactly one wins.
 * Numbers only grow — a release leaves its file and adds `path.<n>.released`
 * beside it — so a racer that judged an older number free or stale can never
 * take a number someone else holds now. Older numbers are cleared by each new
 * holder, so a lock is at most two small files at rest. A holder whose file
 * disappears, or above which a higher number appears, learns it through
 * `lost` and must stop.
 */
const ownerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  nonce: z.string().min(1),
  since: z.string(),
  purpose: z.string(),
});
export type LeaseOwner = z.infer<typeof ownerSchema>;

export interface Lease {
  /** The file this lease holds (`<path>.<n>`). */
  readonly file: string;
  readonly owner: LeaseOwner;
  /** Aborts when the lock stops being ours (removed, taken over): stop working. */
  readonly lost: AbortSignal;
  /** The stale owner whose lock we took over, if any. */
  readonly tookOver?: LeaseOwner;
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How often the holder touches the file (default 5 s). */
  heartbeatMs?: number;
  /** How long another computer's lock may go untouched before it is stale (default 60 s). */
  foreignStaleMs?: number;
  /** Is this pid running here? (tests) */
  isRunning?: (pid: number) => boolean;
}

/** Thrown when a live owner holds the lock. */
export class LeaseHeldError extends AppError {
  constructor(
    readonly holder: LeaseOwner,
    what: string,
  ) {
    const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
    super(
      'conflict',
      `${what} is already running (pid ${holder.pid}${where}, since ${holder.since}): wait for it to finish or stop it, then try again.`,
      { pid: holder.pid, host: holder.host, since: holder.since },
    );
    this.name = 'LeaseHeldError';
  }
}

/**
 * Takes the lock at `path` for `purpose`, or throws LeaseHeldError naming the
 * live holder. `what` names the thing for the message ("Delete run del-…").
 */
export async function acquireLease(
  path: string,
  purpose: string,
  what: string,
  options: LeaseOptions = {},
): Promise<Lease> {
  const owner: LeaseOwner = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(16).toString('hex'),
    since: new Date().toISOString(),
    purpose,
  };
  // A few rounds: the current lock can change between reading and creating.
  for (let attempt = 0; attempt < 10; attempt++) {
    const top = (await lockNumbers(path)).at(-1) ?? 0;
    let tookOver: LeaseOwner | undefined;
    if (top > 0 && !(await exists(released(path, top)))) {
      const current = await readOwner(numbered(path, top));
      if (current === 'gone') continue;
      if (current === 'unreadable') {
        throw new AppError(
          'conflict',
          `${what} is locked by ${numbered(path, top)}, which cannot be read: if no Prospect Desk is running, remove that file and try again.`,
        );
      }
      if (!(await isStale(numbered(path, top), current, options))) {
        throw new LeaseHeldError(current, what);
      }
      tookOver = current;
    }
    const ours = top + 1;
    if (!(await createLockFile(numbered(path, ours), owner))) continue;
    // Our view of the top can be old: a number freed long ago (and cleared)
    // can be created again while a higher one is held. Ours counts only if
    // nothing is above it; nobody can create above a live, unreleased lock.
    if (((await lockNumbers(path)).at(-1) ?? 0) !== ours) {
      await unlink(numbered(path, ours)).catch(() => undefined);
      continue;
    }
    await clearBelow(path, ours);
    return startLease(path, ours, owner, tookOver, options);
  }
  throw new AppError('conflict', `${what}: its lock keeps changing hands; try again.`);
}

const numbered = (path: string, n: number) => `${path}.${n}`;
const released = (path: string, n: number) => `${path}.${n}.released`;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The numbers of `path`'s lock files, ascending. */
async function lockNumbers(path: string): Promise<number[]> {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Removes the lock files below ours: they are past owners'. */
async function clearBelow(path: string, ours: number): Promise<void> {
  for (const n of await lockNumbers(path)) {
    if (n >= ours) continue;
    await unlink(numbered(path, n)).catch(() => undefined);
    await unlink(released(path, n)).catch(() => undefined);
  }
}

async function createLockFile(file: string, owner: LeaseOwner): Promise<boolean> {
  const temp = join(dirname(file), `.${basename(file)}.${owner.nonce}.new`);
  await writeFile(temp, JSON.stringify(owner), { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readOwner(file: string): Promise<LeaseOwner | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function isStale(file: string, owner: LeaseOwner, options: LeaseOptions): Promise<boolean> {
  if (owner.host === hostname()) {
    return !(options.isRunning ?? isProcessRunning)(owner.pid);
  }
  try {
    const touched = (await stat(file)).mtimeMs;
    return Date.now() - touched > (options.foreignStaleMs ?? 60_000);
  } catch {
    return false;
  }
}

function startLease(
  path: string,
  n: number,
  owner: LeaseOwner,
  tookOver: LeaseOwner | undefined,
  options: LeaseOptions,
): Lease {
  const file = numbered(path, n);
  const lost = new AbortController();
  const stillOurs = async () => {
    const current = await readOwner(file);
    if (current === 'gone' || current === 'unreadable' || current.nonce !== owner.nonce) {
      return false;
    }
    return ((await lockNumbers(path)).at(-1) ?? 0) === n;
  };
  const beat = setInterval(() => {
    void (async () => {
      if (!(await stillOurs())) {
        clearInterval(beat);
        lost.abort(new AppError('conflict', `The lock ${file} was taken from this process.`));
        return;
      }
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
    })();
  }, options.heartbeatMs ?? 5_000);
  beat.unref();
  let ended = false;
  return {
    file,
    owner,
    lost: lost.signal,
    ...(tookOver && { tookOver }),
    async release() {
      if (ended) return;
      ended = true;
      clearInterval(beat);
      // The file stays (numbers must only grow); the marker frees it.
      if (await stillOurs()) await writeFile(released(path, n), '');
    },
  };
}

/** Runs `fn` holding the lock; `fn` gets a signal that aborts if the lock is lost. */
export async function withLease<T>(
  path: string,
  purpose: string,
  what: string,
  fn: (lease: Lease) => Promise<T>,
  options?: LeaseOptions,
): Promise<T> {
  const lease = await acquireLease(path, purpose, what, options);
  try {
    return await fn(lease);
  } finally {
    await lease.release();
  }
}

/**
 * One execution of a run at a time, in this process or any other (two
 * resumes of one delete run would otherwise both replay the same journal and
 * both send). `fn` gets a signal that aborts on the caller's cancel or when
 * the lock is lost, and a note to show when a crashed run's lock was taken
 * over.
 */
export async function withRunLock<T>(
  lockPath: string,
  what: string,
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal, tookOverNote: string | undefined) => Promise<T>,
): Promise<T> {
  return withLease(lockPath, `${what} (${process.argv[1] ?? 'prospect-desk'})`, what, (lease) => {
    const combined = signal ? AbortSignal.any([signal, lease.lost]) : lease.lost;
    const note = lease.tookOver && tookOverNote(what, lease.tookOver);
    return fn(combined, note);
  });
}

/** What to tell the user when a stale lock was taken over. */
export function tookOverNote(what: string, previous: LeaseOwner): string {
  return `${what} had been left locked by pid ${previous.pid} (since ${previous.since}), which is no longer running: it was taken over.`;
}
