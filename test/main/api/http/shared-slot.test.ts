import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { withTempDir } from '../../../support/temp-dir';
import { runInOtherProcess, raceStart } from '../../../support/other-process';

// Woodpecker handles one request at a time per account (notes/api-facts.md).
// The app and a CLI run beside it are two processes: their account slot is
// shared through a lock file in the data folder (account-queue.ts).

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 50, companies: [], leads: 0, latencyMs: 15 });
});
afterAll(async () => sandbox.close());

async function reader(folder: string, rounds: number, startAt: number): Promise<void> {
  const { code, stderr } = await runInOtherProcess(
    'test/main/api/http/support/slot-worker.ts',
    [sandbox.url, sandbox.keys.woodpecker, folder, String(rounds)],
    { startAt },
  );
  if (code !== 0) throw new Error(stderr);
}

describe('the account slot across processes', () => {
  it('two processes on one account never have two requests in flight', async () => {
    await withTempDir(async (dir) => {
      sandbox.reset();
      const folder = join(dir, 'locks');
      const startAt = raceStart();
      await Promise.all([reader(folder, 25, startAt), reader(folder, 25, startAt)]);
      expect(sandbox.log.filter((e) => e.method === 'GET')).toHaveLength(50);
      expect(sandbox.maxInFlight('main')).toBe(1);
    });
  }, 60_000);

  it('without the shared slot they would (the control)', async () => {
    sandbox.reset();
    const startAt = raceStart();
    await Promise.all([reader('-', 25, startAt), reader('-', 25, startAt)]);
    expect(sandbox.maxInFlight('main')).toBe(2);
  }, 60_000);
});
