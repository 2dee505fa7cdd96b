import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CheckOutputsStep } from '../../src/cli/check-outputs';
import { runCli } from '../../src/cli/main';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs the worker; resolves with the signal that ended it (null when it finished). */
async function writePair(dir: string, label: string, killAt: CheckOutputsStep | 'none') {
  const args = [
    '--import',
    'tsx',
    'test/cli/support/check-outputs-worker.ts',
    join(dir, 'normalized.csv'),
    join(dir, 'report.json'),
    label,
    killAt,
  ];
  return promisify(execFile)(process.execPath, args).then(
    () => null,
    (error: { signal?: string }) => error.signal ?? error,
  );
}

/** Which pair is on disk: the label of each file, and whether the report describes the CSV beside it. */
async function state(dir: string) {
  const read = (name: string) => readFile(join(dir, name)).catch(() => null);
  const [csv, report] = [await read('normalized.csv'), await read('report.json')];
  const parsed =
    report && (JSON.parse(report.toString()) as { label: string; normalized: { sha256: string } });
  return {
    normalized: csv ? /,(\w+)\r\n$/.exec(csv.toString())![1] : null,
    report: parsed ? parsed.label : null,
    ...(parsed && csv && { describesCsv: parsed.normalized.sha256 === sha256(csv) }),
  };
}

const temps = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.tmp'));

describe('check writes normalized.csv and report.json as a pair', () => {
  it.each([
    ['sealed', { normalized: 'old', report: 'old', describesCsv: true }],
    ['old-report-removed', { normalized: 'old', report: null }],
    ['normalized-in-place', { normalized: 'new', report: null }],
    ['none', { normalized: 'new', report: 'new', describesCsv: true }],
  ] as const)(
    'a kill at "%s" leaves both old, both new, or no report; the next check tidies up',
    async (killAt, expected) => {
      await withTempDir(async (dir) => {
        expect(await writePair(dir, 'old', 'none')).toBeNull();
        expect(await writePair(dir, 'new', killAt)).toBe(killAt === 'none' ? null : 'SIGKILL');
        expect(await state(dir)).toEqual(expected);
        // Never a report beside a CSV it does not describe.
        expect((await state(dir)).describesCsv).not.toBe(false);
        if (killAt === 'sealed') expect(await temps(dir)).toHaveLength(2);

        expect(await writePair(dir, 'again', 'none')).toBeNull();
        expect(await state(dir)).toEqual({
          normalized: 'again',
          report: 'again',
          describesCsv: true,
        });
        expect(await temps(dir)).toEqual([]);
      });
    },
  );

  it('check records the normalized file it wrote in the report', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'list.csv'), 'Email,First Name\nana@example.com,Ana\nbad,Bo\n');
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      const code = await runCli(
        ['check', 'list.csv', '--out', 'n.csv', '--report', 'r.json'],
        run.io,
      );
      expect(code).toBe(0);
      const csv = await readFile(join(dir, 'n.csv'));
      const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as {
        normalized: { file: string; bytes: number; sha256: string };
      };
      expect(report.normalized).toEqual({
        file: join(dir, 'n.csv'),
        bytes: csv.length,
        sha256: sha256(csv),
      });
      expect(await temps(dir)).toEqual([]);
    });
  });
});
