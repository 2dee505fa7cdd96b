import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFailure } from '../../src/cli/cli-errors';
import { runCli } from '../../src/cli/main';
import { AppError } from '../../src/main/app-error';
import { ApiError } from '../../src/main/api/http/api-error';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

function report(error: unknown) {
  const run = capture({}, '/');
  const code = reportFailure('export', error, run.io);
  return { code, stderr: run.stderr() };
}

describe('the CLI prints every failure as one line with its exit code', () => {
  it.each([
    [
      'a disk that fills up while writing (named by the file, not its temp file)',
      errno('ENOSPC', 'write', '/data/.all.csv.4242-3fa2c1-9f8e7d6c5b4a.tmp'),
      'prospect-desk export: Cannot write /data/all.csv: the disk is full (ENOSPC).\n',
      1,
    ],
    [
      'a folder removed between the checks and the write',
      errno('ENOENT', 'open', '/data/gone/.x.csv.4242-3fa2c1-9f8e7d6c5b4a.tmp'),
      'prospect-desk export: Cannot use /data/gone/x.csv: no such file or folder (ENOENT).\n',
      1,
    ],
    [
      'a rename refused',
      errno('EACCES', 'rename', '/data/x.csv'),
      'prospect-desk export: Cannot write /data/x.csv: permission denied (EACCES).\n',
      1,
    ],
    [
      'a usage mistake',
      new AppError('validation', 'Bad\nthing.'),
      'prospect-desk export: Bad thing.\n',
      2,
    ],
    [
      'an account failure',
      new ApiError({ code: 'auth', message: 'The key was refused.', httpStatus: 401 }),
      'prospect-desk export: The key was refused.\n',
      1,
    ],
  ])('%s', (_name, error, stderr, code) => {
    expect(report(error)).toEqual({ code, stderr });
  });

  it('a bug says "internal error", what to report, then its stack — never a log file', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'list.csv'), 'email\nana@example.com\n');
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      const broken = {
        ...run.io,
        stdout: {
          write: () => {
            throw new TypeError('boom');
          },
        },
      };
      const code = await runCli(
        ['check', 'list.csv', '--out', 'n.csv', '--report', 'r.json'],
        broken,
      );
      expect(code).toBe(1);
      const [first, ...stack] = run.stderr().trimEnd().split('\n');
      expect(first).toBe(
        'prospect-desk check: internal error (TypeError: boom). This is a bug in Prospect Desk: please report it with the command you ran and the lines below.',
      );
      expect(stack[0]).toBe('TypeError: boom');
      expect(stack.slice(1).every((line) => line.trimStart().startsWith('at '))).toBe(true);
      expect(run.stderr()).not.toMatch(/log file/i);
    });
  });
});
