import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox, SandboxProspect } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_000, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const capture = (dir: string) =>
  captureIo({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);

const account = () => ['--base-url', sandbox.url, '--key-env', 'WP_KEY'];
const byEmail = (email: string) =>
  [...sandbox.state.prospects().values()].find(
    (p) => p.email.toLowerCase() === email.toLowerCase(),
  );
const updates = () => sandbox.log.filter((e) => e.path === '/rest/v1/add_prospects_list');
const sentEmails = () =>
  updates().flatMap((e) =>
    (e.body as { prospects: { email: string }[] }).prospects.map((p) => p.email),
  );

/** A list with 3 changes, 1 unchanged row, 2 new prospects, 1 invalid and 1 duplicate row. */
function listFile(existing: SandboxProspect[]): string {
  const [a, b, c, same] = existing;
  return [
    'Email,First Name,Snippet 1',
    `${a!.email},Anabel,Loved your talk`, // line 2: changed
    `${b!.email.toUpperCase()},,New opener`, // line 3: changed (blank first name: unchanged)
    `${c!.email},Cyrus,`, // line 4: changed
    `${same!.email},${same!.first_name ?? ''},${same!.snippet1 ?? ''}`, // line 5: unchanged
    'new.one@example.com,Nina,Hello Nina', // line 6: new
    'new.two@example.com,Noah,', // line 7: new
    'not-an-email,Zed,x', // line 8: invalid
    `${a!.email},Again,dup`, // line 9: duplicate
  ].join('\n');
}

async function prepare(dir: string): Promise<SandboxProspect[]> {
  const existing = [...sandbox.state.prospects().values()].slice(0, 4).map((p) => ({ ...p }));
  await writeFile(join(dir, 'list.csv'), listFile(existing));
  return existing;
}

describe('prospect-desk update', () => {
  it('previews field by field without sending anything', async () => {
    await withTempDir(async (dir) => {
      const [a, b] = await prepare(dir);
      const run = capture(dir);
      const code = await runCli(
        ['update', 'list.csv', ...account(), '--dry-run', '--report', 'out'],
        run.io,
      );
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({ added: 2, updated: 3, unchanged: 1, invalid: 2 });
      expect(updates()).toHaveLength(0);
      const preview = await readFile(join(dir, 'out', 'preview.csv'), 'utf8');
      expect(preview).toContain(
        `2,${a!.email},changed,yes,first_name,${a!.first_name ?? ''},Anabel`,
      );
      expect(preview).toContain(`snippet1,${b!.snippet1 ?? ''},New opener`);
      expect(preview).toMatch(/\n8,not-an-email,invalid,no/);
      expect(preview).toMatch(/\n9,.*,duplicate,no/);
    });
  });

  it('applies exactly the preview after a verified backup, then reverts it', async () => {
    await withTempDir(async (dir) => {
      const [a, b, c, same] = await prepare(dir);
      const run = capture(dir);
      const code = await runCli(
        [
          'update',
          'list.csv',
          ...account(),
          '--apply',
          '--report',
          'out',
          '--file-name',
          'Q4 list',
        ],
        run.io,
      );
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({
        added: 2,
        updated: 3,
        unchanged: 1,
        invalid: 2,
        failed: 0,
        unknown: 0,
      });
      expect(byEmail(a!.email)).toMatchObject({
        first_name: 'Anabel',
        snippet1: 'Loved your talk',
      });
      expect(byEmail(b!.email)).toMatchObject({
        first_name: b!.first_name,
        snippet1: 'New opener',
      });
      expect(byEmail(c!.email)).toMatchObject({ first_name: 'Cyrus', snippet1: c!.snippet1 });
      expect(byEmail(same!.email)?.updated).toBe(same!.updated);
      expect(byEmail('new.one@example.com')).toMatchObject({ first_name: 'Nina' });
      // file_name on every update request; the backup was read before the first one.
      expect(updates().map((e) => (e.body as { file_name?: string }).file_name)).toEqual([
        'Q4 list',
      ]);
      const firstUpdate = sandbox.log.indexOf(updates()[0]!);
      expect(sandbox.log.slice(0, firstUpdate).some((e) => e.method === 'GET')).toBe(true);
      // Every row in exactly one result file.
      const success = (await readFile(join(dir, 'out', 'success.csv'), 'utf8'))
        .trim()
        .split('\r\n');
      const errors = (await readFile(join(dir, 'out', 'errors.csv'), 'utf8')).trim().split('\r\n');
      const rowsOf = (lines: string[]) => lines.slice(1).map((l) => Number(l.split(',')[0]));
      expect([...rowsOf(success), ...rowsOf(errors)].sort((x, y) => x - y)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      expect(rowsOf(errors)).toEqual([8, 9]);

      const revert = capture(dir);
      expect(await runCli(['update', '--revert', 'out', ...account()], revert.io)).toBe(0);
      expect(revert.json()).toMatchObject({ reverted: 3, failed: 0, added: 2 });
      for (const p of [a!, b!, c!]) {
        expect(byEmail(p.email)).toMatchObject({
          first_name: p.first_name,
          snippet1: p.snippet1,
        });
      }
      expect(
        updates().every((e) => (e.body as { file_name?: string }).file_name === 'Q4 list'),
      ).toBe(true);
    });
  });

  it('puts failed requests in errors.csv only, and retries exactly those rows', async () => {
    await withTempDir(async (dir) => {
      await prepare(dir);
      // Batches of 2: the second request is refused (certainly not applied).
      sandbox.faults.add({
        match: { method: 'POST' },
        fault: { kind: 'latency', ms: 0 },
      });
      sandbox.faults.add({
        match: { method: 'POST' },
        fault: { kind: 'status', status: 400, vendorCode: 'E_WRONG_PARAM' },
      });
      const run = capture(dir);
      const code = await runCli(
        ['update', 'list.csv', ...account(), '--apply', '--report', 'out', '--batch-size', '2'],
        run.io,
      );
      expect(code).toBe(1);
      expect(run.json()).toMatchObject({ failed: 2, unknown: 0 });
      const errors = await readFile(join(dir, 'out', 'errors.csv'), 'utf8');
      const failedEmails = (updates()[1]!.body as { prospects: { email: string }[] }).prospects.map(
        (p) => p.email,
      );
      for (const email of failedEmails) expect(errors).toContain(email);
      const success = await readFile(join(dir, 'out', 'success.csv'), 'utf8');
      for (const email of failedEmails) expect(success).not.toContain(email);

      const before = updates().length;
      const retry = capture(dir);
      expect(await runCli(['update', '--retry-failed', 'out', ...account()], retry.io)).toBe(0);
      expect(retry.json()).toMatchObject({ failed: 0, unknown: 0, updated: 3, added: 2 });
      const retried = updates()
        .slice(before)
        .flatMap((e) =>
          (e.body as { prospects: { email: string }[] }).prospects.map((p) => p.email),
        );
      expect(retried).toEqual(failedEmails);
    });
  });

  it('reads back an update whose answer was lost instead of resending it', async () => {
    await withTempDir(async (dir) => {
      const [a] = await prepare(dir);
      sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'reset-after' } });
      const run = capture(dir);
      const code = await runCli(
        ['update', 'list.csv', ...account(), '--apply', '--report', 'out'],
        run.io,
      );
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({ updated: 3, added: 2, unknown: 0, failed: 0 });
      expect(updates()).toHaveLength(1);
      expect(sentEmails().filter((e) => e === a!.email)).toHaveLength(1);
      expect(byEmail(a!.email)?.first_name).toBe('Anabel');
    });
  });
});
