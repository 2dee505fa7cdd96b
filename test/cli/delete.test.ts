import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_500, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const capture = (dir: string) =>
  captureIo({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);

const account = ['--base-url', '', '--key-env', 'WP_KEY', '--backup-dir', 'backups'];
const args = () => account.map((a, i) => (i === 1 ? sandbox.url : a));
const deletes = () => sandbox.log.filter((e) => e.method === 'DELETE');
const prospects = () => [...sandbox.state.prospects().values()];

describe('prospect-desk delete / backup / restore', () => {
  it('dry-run backs up and lists the requests without deleting', async () => {
    await withTempDir(async (dir) => {
      const targets = prospects().slice(0, 400);
      await writeFile(join(dir, 't.csv'), `email\n${targets.map((p) => p.email).join('\n')}\n`);
      const run = capture(dir);
      expect(await runCli(['delete', 't.csv', ...args(), '--dry-run'], run.io)).toBe(0);
      expect(run.json()).toMatchObject({
        targets: 400,
        backedUp: 400,
        deleted: 0,
        plannedRequests: 2,
      });
      expect(run.stderr().match(/^DELETE /gm)).toHaveLength(2);
      expect(deletes()).toHaveLength(0);
      const manifest = JSON.parse(await readFile(String(run.json().backup), 'utf8'));
      expect(manifest.count).toBe(400);
    });
  });

  it('deletes with a typed count, reports missing targets, and restores from the backup', async () => {
    await withTempDir(async (dir) => {
      const ids = prospects()
        .slice(10, 20)
        .map((p) => p.id);
      await writeFile(join(dir, 't.csv'), `id\n${[...ids, 42].join('\n')}\n`);
      const wrong = capture(dir);
      expect(
        await runCli(['delete', 't.csv', ...args(), '--yes', '--confirm', '9'], wrong.io),
      ).toBe(2);
      expect(deletes()).toHaveLength(0);

      const run = capture(dir);
      expect(await runCli(['delete', 't.csv', ...args(), '--yes', '--confirm', '10'], run.io)).toBe(
        0,
      );
      const summary = run.json();
      expect(summary).toMatchObject({
        targets: 11,
        backedUp: 10,
        deleted: 10,
        notFound: 1,
        failed: 0,
        unknown: 0,
        // count, 2 list pages (cheaper than 10 id reads), drift count, 1 delete
        requests: 5,
      });
      expect(sandbox.state.prospects().size).toBe(1_490);

      const restore = capture(dir);
      expect(
        await runCli(['restore', String(summary.backup), ...args().slice(0, 4)], restore.io),
      ).toBe(0);
      expect(restore.json()).toMatchObject({ records: 10, restored: 10, failed: 0, requests: 1 });
      expect(sandbox.state.prospects().size).toBe(1_500);
    });
  });

  it('resumes an interrupted run from its journal and exits 1 while unresolved', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 't.csv'), `${prospects()[0]!.id}\n${prospects()[1]!.id}\n`);
      sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 403 } });
      const first = capture(dir);
      expect(
        await runCli(['delete', 't.csv', ...args(), '--yes', '--confirm', '2'], first.io),
      ).toBe(1);
      expect(first.json()).toMatchObject({ deleted: 0, failed: 2 });
      expect(first.stderr()).toMatch(/--resume del-/);
      const runId = String(first.json().runId);
      const second = capture(dir);
      expect(
        await runCli(
          ['delete', '--resume', runId, ...args(), '--yes', '--confirm', '2'],
          second.io,
        ),
      ).toBe(0);
      expect(second.json()).toMatchObject({ deleted: 2, failed: 0, unknown: 0 });
    });
  });

  it('a campaign removal reports the prospects in none of the campaigns, and a lost answer is not sent again', async () => {
    await withTempDir(async (dir) => {
      const campaign = sandbox.state.campaigns()[0]!;
      const campaigns = (p: { id: number }) => sandbox.state.hidden(p.id)!.campaigns;
      const inIt = prospects().filter((p) => campaigns(p).includes(campaign));
      const notInIt = prospects().filter((p) => !campaigns(p).includes(campaign));
      const targets = [...inIt.slice(0, 5), ...notInIt.slice(0, 2)];
      await writeFile(join(dir, 't.csv'), `id\n${targets.map((p) => p.id).join('\n')}\n`);
      sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
      const run = capture(dir);
      const code = await runCli(
        ['delete', 't.csv', ...args(), '--campaigns', String(campaign), '--yes', '--confirm', '7'],
        run.io,
      );
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({
        state: 'finished',
        targets: 7,
        backedUp: 7,
        deleted: 5,
        notFound: 0,
        campaigns: [campaign],
        notInCampaigns: 2,
        failed: 0,
        unknown: 0,
        pending: 0,
      });
      expect(run.stderr()).toBe(
        `2 prospect(s) were in none of campaigns ${campaign}: not sent, not counted as removed.\n`,
      );
      expect(deletes()).toHaveLength(1);
      expect(deletes()[0]!.query.id!.split(',').sort()).toEqual(
        inIt
          .slice(0, 5)
          .map((p) => String(p.id))
          .sort(),
      );
      expect(sandbox.state.prospects().size).toBe(1_500);
    });
  });

  it('refuses a target file with values that are not ids or emails, reading nothing', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 't.csv'), 'email\nana@example.com\nnot an email\n');
      const run = capture(dir);
      expect(await runCli(['backup', 't.csv', ...args()], run.io)).toBe(2);
      expect(run.stderr()).toMatch(/line 3/);
      expect(sandbox.log).toHaveLength(0);
    });
  });
});
