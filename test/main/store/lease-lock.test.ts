import { spawn } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, LeaseHeldError } from '../../../src/main/store/lease-lock';
import { withTempDir } from '../../support/temp-dir';
import { jsonFromOtherProcess, raceStart } from '../../support/other-process';

/** The pid of a process that has run and exited: certainly not running now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function staleOwner(pid: number, host = hostname()) {
  return { pid, host, nonce: 'stale-nonce', since: '2026-12-01T09:00:00.000Z', purpose: 'old run' };
}

/** Runs a process competing for the lock from `startAt` (epoch ms); resolves with what it saw. */
function worker(lock: string, marker: string, rounds: number, startAt: number) {
  return jsonFromOtherProcess<{ held: number; refused: number; overlaps: number }>(
    'test/main/store/support/lease-worker.ts',
    [lock, marker, String(rounds)],
    { startAt },
  );
}

describe('leases across processes', () => {
  it('admits one holder; a second is refused naming the holder; release lets the next in', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      const first = await acquireLease(path, 'delete run r1', 'Run r1');
      const refused = acquireLease(path, 'delete run r1', 'Run r1');
      await expect(refused).rejects.toBeInstanceOf(LeaseHeldError);
      await expect(refused).rejects.toThrow(
        new RegExp(`^Run r1 is already running \\(pid ${process.pid}, since `),
      );
      expect(first.file).toBe(`${path}.1`);
      const written = JSON.parse(await readFile(first.file, 'utf8'));
      expect(written).toMatchObject({
        pid: process.pid,
        host: hostname(),
        purpose: 'delete run r1',
      });
      await first.release();
      const second = await acquireLease(path, 'delete run r1', 'Run r1');
      expect(second.tookOver).toBeUndefined();
      expect(second.file).toBe(`${path}.2`);
      await second.release();
      // At rest: the last number and its release marker, no temp files.
      expect((await readdir(dir)).sort()).toEqual(['run.lock.2', 'run.lock.2.released']);
    });
  });

  it('takes over the lock of a process that is gone, and says whose it was', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      const gone = await deadPid();
      await writeFile(`${path}.4`, JSON.stringify(staleOwner(gone)));
      const lease = await acquireLease(path, 'resume', 'Run r1');
      expect(lease.tookOver).toMatchObject({ pid: gone, purpose: 'old run' });
      // The next number is ours; the stale one is cleared.
      expect(lease.file).toBe(`${path}.5`);
      expect(JSON.parse(await readFile(lease.file, 'utf8')).pid).toBe(process.pid);
      expect(await readdir(dir)).toEqual(['run.lock.5']);
      await lease.release();
      // A released lock is free: the next taker is told of no take-over.
      const next = await acquireLease(path, 'resume', 'Run r1');
      expect(next.tookOver).toBeUndefined();
      expect(next.file).toBe(`${path}.6`);
      await next.release();
    });
  });

  it('never takes over from a process that still runs, however old its lock', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
      try {
        await writeFile(`${path}.1`, JSON.stringify(staleOwner(alive.pid!)));
        const old = new Date('2026-01-01T00:00:00Z');
        await utimes(`${path}.1`, old, old);
        await expect(acquireLease(path, 'resume', 'Run r1')).rejects.toThrow(
          `already running (pid ${alive.pid}`,
        );
      } finally {
        alive.kill();
      }
    });
  });

  it('treats another computer’s lock as live until it goes untouched for a minute', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      await writeFile(`${path}.1`, JSON.stringify(staleOwner(123, 'other-laptop')));
      await expect(acquireLease(path, 'resume', 'Run r1')).rejects.toThrow(
        'already running (pid 123 on other-laptop',
      );
      const old = new Date(Date.now() - 5 * 60_000);
      await utimes(`${path}.1`, old, old);
      const lease = await acquireLease(path, 'resume', 'Run r1');
      expect(lease.tookOver?.host).toBe('other-laptop');
      await lease.release();
    });
  });

  it('refuses, with what to do, when the lock file cannot be read', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      await writeFile(`${path}.1`, '{"pid":');
      await expect(acquireLease(path, 'resume', 'Run r1')).rejects.toThrow(
        /cannot be read: if no Prospect Desk is running, remove that file/,
      );
    });
  });

  it('tells the holder when its lock was taken from it', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.lock');
      const lease = await acquireLease(path, 'resume', 'Run r1', { heartbeatMs: 10 });
      // Another computer judged ours stale and took over: the next number is theirs.
      await writeFile(`${path}.2`, JSON.stringify(staleOwner(1, 'other-laptop')));
      await expect.poll(() => lease.lost.aborted, { timeout: 5_000 }).toBe(true);
      await lease.release();
      // The lock that replaced ours is not ours to remove.
      expect(JSON.parse(await readFile(`${path}.2`, 'utf8')).nonce).toBe('stale-nonce');
    });
  });

  it('two processes hammering one lock are never inside at the same time', async () => {
    await withTempDir(async (dir) => {
      const lock = join(dir, 'run.lock');
      const marker = join(dir, 'inside');
      const startAt = raceStart();
      const results = await Promise.all([
        worker(lock, marker, 40, startAt),
        worker(lock, marker, 40, startAt),
      ]);
      expect(results.map((r) => r.held)).toEqual([40, 40]);
      expect(results.map((r) => r.overlaps)).toEqual([0, 0]);
      // They did compete: at least one attempt found the other inside.
      expect(results[0]!.refused + results[1]!.refused).toBeGreaterThan(0);
    });
  }, 60_000);

  it('three processes racing to take over one stale lock: one at a time, none overlapping', async () => {
    await withTempDir(async (dir) => {
      const lock = join(dir, 'run.lock');
      const marker = join(dir, 'inside');
      await writeFile(`${lock}.1`, JSON.stringify(staleOwner(await deadPid())));
      const startAt = raceStart();
      const results = await Promise.all([1, 2, 3].map(() => worker(lock, marker, 5, startAt)));
      expect(results.map((r) => r.overlaps)).toEqual([0, 0, 0]);
      expect(results.map((r) => r.held)).toEqual([5, 5, 5]);
    });
  }, 60_000);
});
