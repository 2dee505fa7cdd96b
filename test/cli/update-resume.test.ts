import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliAccount } from '../../src/cli/cli-account';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { readRun, writeRun } from '../../src/main/update/update-files';
import { longList, previewCsv, sandboxClient } from '../main/update/update-fixture';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

// `update --resume`, and `--retry-failed` / `--revert` on a run whose apply
// was killed with SIGKILL, and on a run of another account (decision 012).

const COMPANY = { id: 7, name: 'Hooli', prospects: 30 };
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 300, companies: [COMPANY], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const CHANGED = 56;
const FRESH = 14;

const capture = (dir: string) =>
  captureIo(
    {
      WP_KEY: sandbox.keys.woodpecker,
      OTHER_KEY: sandbox.keys.companies[COMPANY.id]!,
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
const updates = () => sandbox.log.filter((e) => e.path === '/rest/v1/add_prospects_list');
const sentCounts = () => {
  const counts = new Map<string, number>();
  for (const entry of updates()) {
    for (const p of (entry.body as { prospects: { email: string }[] }).prospects) {
      counts.set(p.email, (counts.get(p.email) ?? 0) + 1);
    }
  }
  return counts;
};

/**
 * The CLI's `update FILE --apply --batch-size 5 --report out` in a process
 * of its own, killed with SIGKILL right after batch 3 of 14 was journaled.
 */
async function killedRun(root: string): Promise<{ dir: string; emails: string[] }> {
  const dir = join(root, 'out');
  const preview = await previewCsv(sandboxClient(sandbox), longList(sandbox, CHANGED, FRESH));
  const planned = await preview.plannedRows();
  const me = await cliAccount({ 'base-url': sandbox.url, 'key-env': 'WP_KEY' }, capture(root).io);
  const input = join(root, 'apply.json');
  await writeFile(
    input,
    JSON.stringify({
      runId: 'upd-cli-killed',
      connection: me.connection,
      planned,
      skipped: preview.skippedOutcomes(),
      batchSize: 5,
      killAfterOutcomes: 3,
    }),
  );
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/main/update/support/apply-worker.ts',
        'apply',
        dir,
        sandbox.url,
        sandbox.keys.woodpecker,
        input,
      ],
      { stdio: 'ignore' },
    );
    child.on('exit', (_code, signal) => resolve(signal));
  });
  expect(signal).toBe('SIGKILL');
  expect(updates()).toHaveLength(3);
  return { dir, emails: planned.map((p) => p.update.email) };
}

function expectEachSentOnce(emails: readonly string[]): void {
  const counts = sentCounts();
  expect(emails.filter((e) => counts.get(e) !== 1)).toEqual([]);
  expect(counts.size).toBe(emails.length);
}

describe('prospect-desk update on an apply killed with SIGKILL after batch 3 of 14', () => {
  it('--resume sends the 11 batches left, each row once, and writes every file', async () => {
    await withTempDir(async (root) => {
      const { dir, emails } = await killedRun(root);
      const run = capture(root);
      const code = await runCli(['update', '--resume', dir, ...account()], run.io);
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({
        updated: CHANGED,
        added: FRESH,
        unchanged: 1,
        failed: 0,
        unknown: 0,
      });
      expect(updates()).toHaveLength(14);
      expectEachSentOnce(emails);
      const success = await readFile(join(dir, 'success.csv'), 'utf8');
      expect(success.trim().split('\r\n')).toHaveLength(CHANGED + FRESH + 2);
      // Resumed again: nothing left, nothing sent.
      const again = capture(root);
      expect(await runCli(['update', '--resume', dir, ...account()], again.io)).toBe(0);
      expect(updates()).toHaveLength(14);
    });
  });

  it('--retry-failed works on it (it used to fail with ENOENT): only the rows not sent go out', async () => {
    await withTempDir(async (root) => {
      const { dir, emails } = await killedRun(root);
      const run = capture(root);
      const code = await runCli(['update', '--retry-failed', dir, ...account()], run.io);
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({ updated: CHANGED, added: FRESH, failed: 0 });
      expectEachSentOnce(emails);
    });
  });

  it('--revert works on it and puts back only the 15 rows the journal says were updated', async () => {
    await withTempDir(async (root) => {
      const { dir } = await killedRun(root);
      const applied = new Set(sentCounts().keys());
      const run = capture(root);
      expect(await runCli(['update', '--revert', dir, ...account()], run.io)).toBe(0);
      expect(run.json()).toMatchObject({ reverted: 15, failed: 0, added: 0 });
      const reverted = updates()
        .slice(3)
        .flatMap((e) => (e.body as { prospects: { email: string }[] }).prospects)
        .map((p) => p.email);
      expect(new Set(reverted)).toEqual(applied);
    });
  });
});

describe('a run belongs to its account', () => {
  it("refuses another account's key for --resume, --retry-failed and --revert, with one line and no request to either account", async () => {
    await withTempDir(async (root) => {
      const { dir } = await killedRun(root);
      const company = [...sandbox.state.prospects(`company:${COMPANY.id}`).values()].map((p) => ({
        ...p,
      }));
      const logged = sandbox.log.length;
      for (const action of ['--resume', '--retry-failed', '--revert']) {
        const run = capture(root);
        const code = await runCli(['update', action, dir, ...account('OTHER_KEY')], run.io);
        expect(code, action).toBe(2);
        expect(run.stdout()).toBe('');
        expect(run.stderr().trim().split('\n')).toHaveLength(1);
        expect(run.stderr()).toMatch(
          /is an update of another account \(.*\) than this key's: nothing was sent\. .*--key-rotated\.$/m,
        );
      }
      expect(sandbox.log.length).toBe(logged);
      expect([...sandbox.state.prospects(`company:${COMPANY.id}`).values()]).toEqual(company);
    });
  });

  it('takes a rotated key of the same account only with --key-rotated, and only for the same origin', async () => {
    await withTempDir(async (root) => {
      const { dir, emails } = await killedRun(root);
      // As if the run had been made with the account's previous key.
      const run = await readRun(dir);
      await writeRun(dir, {
        ...run,
        connection: { ...run.connection, id: 'cli-0123456789abcdef' },
      });
      const logged = sandbox.log.length;

      const without = capture(root);
      expect(await runCli(['update', '--resume', dir, ...account()], without.io)).toBe(2);
      expect(without.stderr()).toContain('add --key-rotated');

      const elsewhere = capture(root);
      const otherOrigin = sandbox.url.replace('127.0.0.1', 'localhost');
      expect(
        await runCli(
          ['update', '--resume', dir, ...account('WP_KEY', otherOrigin), '--key-rotated'],
          elsewhere.io,
        ),
      ).toBe(2);
      expect(elsewhere.stderr()).toMatch(/--key-rotated cannot be taken for .*: it was made with /);
      expect(sandbox.log.length).toBe(logged);

      const rotated = capture(root);
      expect(
        await runCli(['update', '--resume', dir, ...account(), '--key-rotated'], rotated.io),
      ).toBe(0);
      expect(rotated.stderr()).toContain('taking this key as a new key of');
      expectEachSentOnce(emails);
    });
  });

  it('--key-rotated is refused on a new update', async () => {
    await withTempDir(async (root) => {
      await writeFile(join(root, 'list.csv'), 'Email,Snippet 1\na@example.com,x\n');
      const run = capture(root);
      const code = await runCli(
        ['update', 'list.csv', ...account(), '--apply', '--report', 'out', '--key-rotated'],
        run.io,
      );
      expect(code).toBe(2);
      expect(run.stderr()).toContain(
        '--key-rotated goes with --resume, --retry-failed or --revert',
      );
      expect(sandbox.log).toHaveLength(0);
    });
  });
});
