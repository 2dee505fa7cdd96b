import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { runPaths } from '../../src/main/delete/run-files';
import { writeSealedPlan } from '../../src/main/delete/run-plan';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

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
  '--backup-dir',
  'backups',
];
const deletes = () => sandbox.log.filter((e) => e.method === 'DELETE');
const ids = () => [...sandbox.state.prospects().values()].map((p) => p.id);

/** A delete whose requests Woodpecker refuses: backed up, started, nothing deleted. */
async function interruptedRun(dir: string, file: string, targets: number[]): Promise<string> {
  await writeFile(join(dir, file), `id\n${targets.join('\n')}\n`);
  sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 403 } });
  const run = capture(dir);
  const args = ['delete', file, ...account(), '--yes', '--confirm', String(targets.length)];
  expect(await runCli(args, run.io)).toBe(1);
  return String(run.json().runId);
}

describe('prospect-desk delete --resume without a run id', () => {
  it('resumes the one interrupted run of the account, asking for its count first', async () => {
    await withTempDir(async (dir) => {
      const runId = await interruptedRun(dir, 't.csv', ids().slice(0, 2));
      sandbox.faults.clear();

      const ask = capture(dir);
      expect(await runCli(['delete', '--resume', ...account()], ask.io)).toBe(2);
      expect(ask.stderr()).toBe(
        `prospect-desk delete: Resuming ${runId} needs --yes --confirm 2 (the prospects it backed up).\n`,
      );

      const sent = deletes().length;
      const resume = capture(dir);
      expect(
        await runCli(['delete', '--resume', ...account(), '--yes', '--confirm', '2'], resume.io),
      ).toBe(0);
      expect(resume.stderr()).toBe(
        `Resuming ${runId}, the one interrupted delete run of this account.\n`,
      );
      expect(resume.json()).toMatchObject({ runId, deleted: 2, failed: 0, unknown: 0 });
      expect(deletes().length).toBe(sent + 1);

      // Finished: nothing is left to resume.
      const again = capture(dir);
      expect(
        await runCli(['delete', ...account(), '--resume', '--yes', '--confirm', '2'], again.io),
      ).toBe(2);
      expect(again.stderr()).toBe(
        'prospect-desk delete: No interrupted delete run of this account in backups: nothing to resume.\n',
      );
    });
  });

  it('lists the interrupted runs with their counts when there are several, and resumes none', async () => {
    await withTempDir(async (dir) => {
      const first = await interruptedRun(dir, 'a.csv', ids().slice(0, 2));
      const second = await interruptedRun(dir, 'b.csv', ids().slice(2, 5));
      sandbox.faults.clear();
      const sent = deletes().length;

      const run = capture(dir);
      expect(
        await runCli(['delete', '--resume', ...account(), '--yes', '--confirm', '2'], run.io),
      ).toBe(2);
      const lines = run.stderr().trimEnd().split('\n');
      expect(lines[0]).toBe(
        'prospect-desk delete: 2 interrupted delete runs of this account in backups; name one with --resume RUN:',
      );
      expect(lines).toHaveLength(3);
      // Newest first, with what each has left.
      expect(lines[1]).toMatch(
        new RegExp(
          `^  ${second}  interrupted  backed up 3: deleted 0, failed 3, unknown 0, not sent 0  \\(backed up .+\\)$`,
        ),
      );
      expect(lines[2]).toMatch(
        new RegExp(`^  ${first}  interrupted  backed up 2: deleted 0, failed 2`),
      );
      expect(deletes().length).toBe(sent);
      expect(run.stdout()).toBe('');
    });
  });

  it('keeps the backup of a count that does not match, and says how to go on', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 't.csv'), `id\n${ids().slice(0, 3).join('\n')}\n`);
      const wrong = capture(dir);
      expect(
        await runCli(['delete', 't.csv', ...account(), '--yes', '--confirm', '2'], wrong.io),
      ).toBe(2);
      const runId = /--resume (del-\S+) /.exec(wrong.stderr())?.[1];
      expect(wrong.stderr()).toBe(
        `prospect-desk delete: Type the number of prospects to delete (3) to confirm; 2 does not match. Nothing was deleted; the backup is kept: continue with --resume ${runId} --yes --confirm 3.\n`,
      );
      expect(deletes()).toHaveLength(0);

      const resume = capture(dir);
      expect(
        await runCli(
          ['delete', '--resume', runId!, ...account(), '--yes', '--confirm', '3'],
          resume.io,
        ),
      ).toBe(0);
      expect(resume.json()).toMatchObject({ runId, deleted: 3 });
    });
  });
});

/** As if the run had been made with the account's previous key (its cli-<hash> was another). */
async function asIfMadeWithPreviousKey(dir: string, runId: string): Promise<void> {
  const paths = runPaths(join(dir, 'backups'), runId);
  const previous = 'cli-0123456789abcdef';
  const manifest = JSON.parse(await readFile(paths.manifest, 'utf8'));
  await writeFile(
    paths.manifest,
    `${JSON.stringify({ ...manifest, connection: { ...manifest.connection, id: previous } }, null, 2)}\n`,
  );
  const plan = JSON.parse(await readFile(paths.plan, 'utf8'));
  await writeSealedPlan(paths, { ...plan, connection: { ...plan.connection, id: previous } });
}

describe('delete --resume: the run belongs to its account, and its files are checked first', () => {
  it("refuses another account's key with one line and no request", async () => {
    await withTempDir(async (dir) => {
      const runId = await interruptedRun(dir, 't.csv', ids().slice(0, 2));
      sandbox.faults.clear();
      const logged = sandbox.log.length;
      const run = capture(dir);
      expect(
        await runCli(
          ['delete', '--resume', runId, ...account('OTHER_KEY'), '--yes', '--confirm', '2'],
          run.io,
        ),
      ).toBe(2);
      expect(run.stderr()).toBe(
        `prospect-desk delete: Run ${runId} belongs to another account (${sandbox.url}) than this key's: nothing was sent. Use that account's key; if it is the same account with a new key, add --key-rotated.\n`,
      );
      expect(run.stdout()).toBe('');
      expect(sandbox.log.length).toBe(logged);
    });
  });

  it('takes a rotated key of the same account only with --key-rotated RUN, and only for the same origin', async () => {
    await withTempDir(async (dir) => {
      const targets = ids().slice(0, 2);
      const runId = await interruptedRun(dir, 't.csv', targets);
      sandbox.faults.clear();
      await asIfMadeWithPreviousKey(dir, runId);
      const logged = sandbox.log.length;
      const resume = (extra: string[], baseUrl = sandbox.url) => [
        'delete',
        '--resume',
        runId,
        ...account('WP_KEY', baseUrl),
        '--yes',
        '--confirm',
        '2',
        ...extra,
      ];

      const without = capture(dir);
      expect(await runCli(resume([]), without.io)).toBe(2);
      expect(without.stderr()).toContain('add --key-rotated.');

      const elsewhere = capture(dir);
      const otherOrigin = sandbox.url.replace('127.0.0.1', 'localhost');
      expect(await runCli(resume(['--key-rotated'], otherOrigin), elsewhere.io)).toBe(2);
      expect(elsewhere.stderr()).toBe(
        `prospect-desk delete: --key-rotated cannot be taken for run ${runId}: it was made with ${sandbox.url}, not ${otherOrigin}. Nothing was sent.\n`,
      );
      const alone = capture(dir);
      expect(
        await runCli(
          ['delete', '--resume', ...account(), '--key-rotated', '--yes', '--confirm', '2'],
          alone.io,
        ),
      ).toBe(2);
      expect(alone.stderr()).toBe(
        'prospect-desk delete: --key-rotated goes with --resume RUN (name the run).\n',
      );
      expect(sandbox.log.length).toBe(logged);

      const rotated = capture(dir);
      expect(await runCli(resume(['--key-rotated']), rotated.io)).toBe(0);
      expect(rotated.stderr()).toBe(
        `prospect-desk delete: taking this key as a new key of ${sandbox.url}, as --key-rotated says.\n`,
      );
      expect(rotated.json()).toMatchObject({ runId, deleted: 2, failed: 0 });
      expect(targets.some((id) => sandbox.state.prospects().has(id))).toBe(false);
    });
  });

  it('a plan changed after its backup, or a damaged journal, stops the resume with one line and no request', async () => {
    await withTempDir(async (dir) => {
      const runId = await interruptedRun(dir, 't.csv', ids().slice(0, 3));
      sandbox.faults.clear();
      const paths = runPaths(join(dir, 'backups'), runId);
      const logged = sandbox.log.length;
      const resume = (run: ReturnType<typeof capture>) =>
        runCli(['delete', '--resume', runId, ...account(), '--yes', '--confirm', '3'], run.io);

      const plan = await readFile(paths.plan, 'utf8');
      await writeFile(paths.plan, plan.replace('"targetKind":"id"', '"targetKind":"email"'));
      let run = capture(dir);
      expect(await resume(run)).toBe(1);
      expect(run.stderr().split('\n')).toHaveLength(2);
      expect(run.stderr()).toMatch(
        /^prospect-desk delete: The plan .*\.plan\.json was changed after its backup was made \(its sha256 is not the one sealed in .*\.manifest\.json\): it is not trusted and nothing was sent\. /,
      );
      await writeFile(paths.plan, plan);

      const journal = await readFile(paths.journal, 'utf8');
      await writeFile(paths.journal, journal.replace('"status":"failed"', '"status":"faile"'));
      run = capture(dir);
      expect(await resume(run)).toBe(1);
      expect(run.stderr()).toBe(
        `prospect-desk delete: The journal ${paths.journal} is damaged (entry 3: checksum mismatch), so where run ${runId} stopped cannot be known: it stops here and sends nothing. Start a new run for the same targets (it backs up and changes only what is still there), or restore from its backup (${paths.manifest}).\n`,
      );
      expect(sandbox.log.length).toBe(logged);

      await writeFile(paths.journal, journal);
      run = capture(dir);
      expect(await resume(run)).toBe(0);
      expect(run.json()).toMatchObject({ deleted: 3 });
    });
  });
});
