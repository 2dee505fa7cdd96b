import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_500 });
});
afterAll(async () => sandbox.close());

describe('prospect-desk export', () => {
  it('writes every prospect and prints a one-line JSON summary', async () => {
    await withTempDir(async (dir) => {
      const run = capture({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);
      const code = await runCli(
        ['export', '--base-url', sandbox.url, '--key-env', 'WP_KEY', '--out', 'all.json'],
        run.io,
      );
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      const summary = JSON.parse(run.stdout()) as Record<string, unknown>;
      expect(summary).toMatchObject({ prospects: 1_500, requests: 2, out: join(dir, 'all.json') });
      expect(typeof summary.seconds).toBe('number');
      expect(JSON.parse(await readFile(join(dir, 'all.json'), 'utf8'))).toHaveLength(1_500);
    });
  });

  it('reports a rejected key on stderr with a non-zero exit and no key in the output', async () => {
    await withTempDir(async (dir) => {
      const run = capture({ WP_KEY: 'wrong-key-abcdef-123456' }, dir);
      const code = await runCli(
        ['export', '--base-url', sandbox.url, '--key-env', 'WP_KEY', '--out', 'x.csv'],
        run.io,
      );
      expect(code).toBe(1);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toMatch(/key/i);
      expect(run.stderr()).not.toContain('wrong-key-abcdef-123456');
    });
  });

  it('explains usage mistakes with exit code 2', async () => {
    await withTempDir(async (dir) => {
      for (const args of [
        ['export', '--out', 'x.csv'],
        ['export', '--key-env', 'NOPE', '--out', 'x.csv'],
        ['export', '--key-env', 'K', '--out', 'x.xlsx'],
        ['export', '--bogus'],
        ['frobnicate'],
      ]) {
        const run = capture({ K: 'k' }, dir);
        expect(await runCli(args, run.io), args.join(' ')).toBe(2);
        expect(run.stderr().length).toBeGreaterThan(10);
      }
    });
  });

  it('exports through a saved Sandbox connection by name', async () => {
    await withTempDir(async (dir) => {
      const { openConfSettings } = await import('../../src/main/store/conf-settings');
      openConfSettings(dir).set('connections', [
        {
          id: 'c_sb',
          kind: 'sandbox',
          label: 'Sandbox',
          baseUrl: 'sandbox',
          keyHint: null,
          companies: [],
          createdAt: '2026-01-01T00:00:00Z',
        },
      ]);
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(['export', '--connection', 'Sandbox', '--out', 'sb.csv'], run.io)).toBe(
        0,
      );
      expect(JSON.parse(run.stdout())).toMatchObject({ prospects: 2_500 });
    });
  });

  it('runs as `npx prospect-desk` through the package bin', async () => {
    await withTempDir(async (dir) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(process.cwd(), 'bin', 'prospect-desk.js'),
          'export',
          '--base-url',
          sandbox.url,
          '--key-env',
          'WP_KEY',
          '--out',
          'p.csv',
        ],
        {
          cwd: dir,
          env: { ...process.env, WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir },
        },
      );
      expect(JSON.parse(stdout)).toMatchObject({ prospects: 1_500, requests: 2 });
    });
  });
});
