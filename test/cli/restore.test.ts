import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

// `prospect-desk restore`: a backup is restored into its own account only,
// refused before any request otherwise (issue "Never wrong under faults,
// races and bad input", item 3); a new key of the same account is taken with
// --key-rotated, as for update and `delete --resume`.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 200, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const capture = (dir: string) =>
  captureIo(
    {
      WP_KEY: sandbox.keys.woodpecker,
      OTHER_KEY: sandbox.keys.agency,
      PROSPECT_DESK_DATA_DIR: dir,
    },
    dir,
  );
const account = (key = 'WP_KEY', baseUrl = sandbox.url) => [
  '--base-url',
  baseUrl,
  '--key-env',
  key,
];
const ids = () => [...sandbox.state.prospects().keys()];

/** Deletes 3 prospects with WP_KEY; returns the backup's manifest. */
async function deletedRun(dir: string): Promise<string> {
  await writeFile(join(dir, 't.csv'), `id\n${ids().slice(0, 3).join('\n')}\n`);
  const run = capture(dir);
  const args = [
    'delete',
    't.csv',
    ...account(),
    '--backup-dir',
    'backups',
    '--yes',
    '--confirm',
    '3',
  ];
  expect(await runCli(args, run.io)).toBe(0);
  expect(sandbox.state.prospects().size).toBe(197);
  return String(run.json().backup);
}

describe('prospect-desk restore: a backup belongs to its account', () => {
  it("refuses another account's key with one line and no request", async () => {
    await withTempDir(async (dir) => {
      const manifest = await deletedRun(dir);
      const runId = /([^/\\]+)\.manifest\.json$/.exec(manifest)![1];
      const agency = [...sandbox.state.prospects('agency').keys()];
      const logged = sandbox.log.length;
      const run = capture(dir);
      expect(await runCli(['restore', manifest, ...account('OTHER_KEY')], run.io)).toBe(2);
      expect(run.stderr()).toBe(
        `prospect-desk restore: Run ${runId} belongs to another account (${sandbox.url}) than this key's: nothing was sent. Use that account's key; if it is the same account with a new key, add --key-rotated.\n`,
      );
      expect(run.stdout()).toBe('');
      expect(sandbox.log.length).toBe(logged);
      expect([...sandbox.state.prospects('agency').keys()]).toEqual(agency);
    });
  });

  it('takes a rotated key of the same account only with --key-rotated, and only for the same origin', async () => {
    await withTempDir(async (dir) => {
      const manifest = await deletedRun(dir);
      const runId = /([^/\\]+)\.manifest\.json$/.exec(manifest)![1];
      // As if the backup had been made with the account's previous key.
      const json = JSON.parse(await readFile(manifest, 'utf8'));
      json.connection.id = 'cli-0123456789abcdef';
      await writeFile(manifest, `${JSON.stringify(json, null, 2)}\n`);
      const logged = sandbox.log.length;

      const without = capture(dir);
      expect(await runCli(['restore', manifest, ...account()], without.io)).toBe(2);
      expect(without.stderr()).toContain('add --key-rotated.');

      const elsewhere = capture(dir);
      const otherOrigin = sandbox.url.replace('127.0.0.1', 'localhost');
      expect(
        await runCli(
          ['restore', manifest, ...account('WP_KEY', otherOrigin), '--key-rotated'],
          elsewhere.io,
        ),
      ).toBe(2);
      expect(elsewhere.stderr()).toBe(
        `prospect-desk restore: --key-rotated cannot be taken for run ${runId}: it was made with ${sandbox.url}, not ${otherOrigin}. Nothing was sent.\n`,
      );
      expect(sandbox.log.length).toBe(logged);

      const rotated = capture(dir);
      expect(await runCli(['restore', manifest, ...account(), '--key-rotated'], rotated.io)).toBe(
        0,
      );
      expect(rotated.stderr()).toContain(
        `prospect-desk restore: taking this key as a new key of ${sandbox.url}, as --key-rotated says.\n`,
      );
      expect(rotated.json()).toMatchObject({ records: 3, restored: 3, failed: 0 });
      expect(sandbox.state.prospects().size).toBe(200);
    });
  });
});
