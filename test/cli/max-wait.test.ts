import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

// The CLI rides out a busy account like the app does, says each wait on
// stderr, and `--max-wait SECONDS` caps it.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 30, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const busy = (retryAfter: string, times: number) => ({
  match: { method: 'GET' },
  fault: { kind: 'status' as const, status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter },
  times,
});

const exportArgs = (dir: string, ...extra: string[]) => [
  'export',
  '--key-env',
  'WP_KEY',
  '--base-url',
  sandbox.url,
  '--out',
  join(dir, 'all.csv'),
  ...extra,
];

describe('the CLI when the account is busy', () => {
  it('waits out a storm of busy answers, saying so, and finishes', async () => {
    await withTempDir(async (dir) => {
      sandbox.faults.add(busy('0', 12));
      const run = capture({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(exportArgs(dir), run.io)).toBe(0);
      expect(run.json()).toMatchObject({ prospects: 30 });
      expect(run.stderr()).toMatch(/^Woodpecker asks us to wait, retrying now/m);
    });
  });

  it('--max-wait caps the waiting and says how to wait longer', async () => {
    await withTempDir(async (dir) => {
      sandbox.faults.add(busy('120', 1));
      const run = capture({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(exportArgs(dir, '--max-wait', '30'), run.io)).toBe(1);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /asked us to wait 2 min.*allow a longer wait with --max-wait SECONDS/,
      );
    });
  });

  it('refuses a --max-wait that is not whole seconds, before any request', async () => {
    await withTempDir(async (dir) => {
      const run = capture({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(exportArgs(dir, '--max-wait', '1.5'), run.io)).toBe(2);
      expect(run.stderr()).toBe(
        'prospect-desk export: --max-wait takes a whole number in digits, 0 to 7200 (got "1.5").\n',
      );
      expect(sandbox.log).toHaveLength(0);
    });
  });
});
