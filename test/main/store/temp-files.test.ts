import { spawn } from 'node:child_process';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDurableWriter, writeFileDurably } from '../../../src/main/store/atomic-write';
import {
  claimTempPath,
  releaseTempPath,
  sweepTempFiles,
  UNJUDGED_TEMP_STALE_MS,
} from '../../../src/main/store/temp-files';
import { withTempDir } from '../../support/temp-dir';

/** The pid of a process that has run and exited: certainly not running now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** A temp name as this machine's writer `pid` would make it. */
function tempOf(dir: string, name: string, pid: number): string {
  const ours = claimTempPath(join(dir, name));
  releaseTempPath(ours);
  return ours.replace(`.${process.pid}-`, `.${pid}-`);
}

const names = async (dir: string) => (await readdir(dir)).sort();

describe('temp files of interrupted writes', () => {
  it('sweeps the temp files of writers that are gone, and only those', async () => {
    await withTempDir(async (dir) => {
      // A write of this process in progress in the same folder (opened
      // first: opening sweeps the folder, and the test sweeps it below).
      const writing = await openDurableWriter(join(dir, 'busy.csv'));
      await writing.write('in progress');
      const dead = tempOf(dir, 'dead.csv', await deadPid());
      const alive = tempOf(dir, 'alive.csv', process.ppid);
      const ownLeftover = tempOf(dir, 'old-self.csv', process.pid);
      const elsewhereFresh = join(dir, '.far.csv.4242-abcdef-0123456789ab.tmp');
      const elsewhereStale = join(dir, '.far-old.csv.4242-abcdef-0123456789ab.tmp');
      const oldStyleFresh = join(dir, '.legacy.csv.0123456789ab.tmp');
      const oldStyleStale = join(dir, '.legacy-old.csv.0123456789ab.tmp');
      const notOurs = ['.gitignore', '.notes.tmp', 'report.json', 'x.1234-abcdef-0123456789ab.tmp'];
      for (const path of [
        dead,
        alive,
        ownLeftover,
        elsewhereFresh,
        elsewhereStale,
        oldStyleFresh,
        oldStyleStale,
      ]) {
        await writeFile(path, 'partial');
      }
      for (const name of notOurs) await writeFile(join(dir, name), 'keep');
      const dayAgo = (Date.now() - UNJUDGED_TEMP_STALE_MS - 60_000) / 1000;
      await utimes(elsewhereStale, dayAgo, dayAgo);
      await utimes(oldStyleStale, dayAgo, dayAgo);
      const before = await names(dir);

      const removed = await sweepTempFiles(dir);

      const basename = (p: string) => p.slice(dir.length + 1);
      expect(removed.sort()).toEqual(
        [dead, ownLeftover, elsewhereStale, oldStyleStale].map(basename).sort(),
      );
      expect(await names(dir)).toEqual(before.filter((n) => !removed.includes(n)));
      await writing.commit();
      expect(await names(dir)).toContain('busy.csv');
    });
  });

  it('writes a file whose name is near the 255-byte limit (its temp name is shortened)', async () => {
    await withTempDir(async (dir) => {
      const name = `${'é'.repeat(120)}.csv`; // 243 bytes of UTF-8
      await writeFileDurably(join(dir, name), 'ok\n');
      expect(await names(dir)).toEqual([name]);
    });
  });

  it('a writer killed mid-write leaves its temp file until the next write in that folder', async () => {
    await withTempDir(async (dir) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'test/main/store/support/durable-write-worker.ts',
          join(dir, 'big.csv'),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const [temp] = await names(dir);
      expect(temp).toMatch(
        new RegExp(`^\\.big\\.csv\\.${child.pid}-[0-9a-f]{6}-[0-9a-f]{12}\\.tmp$`),
      );

      // Still writing: left alone.
      expect(await sweepTempFiles(dir)).toEqual([]);
      expect(await names(dir)).toEqual([temp]);

      child.kill('SIGKILL');
      await exited;
      expect(await names(dir)).toEqual([temp]);
      await writeFileDurably(join(dir, 'next.json'), '{}\n');
      expect(await names(dir)).toEqual(['next.json']);
    });
  });
});
