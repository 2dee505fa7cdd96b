import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handedOverFiles, parseLaunchArgs } from '../../src/main/launch-args';

const cwd = '/home/rep/Downloads';

describe('what a launch of the app binary asks for', () => {
  it('opens the files on the command line of an installed app, resolved against its folder', () => {
    expect(
      parseLaunchArgs(
        [
          '/opt/Prospect Desk/prospect-desk',
          'october.csv',
          '/tmp/other.tsv',
          '--password-store=basic',
        ],
        true,
        cwd,
      ),
    ).toEqual({ mode: 'app', files: [resolve(cwd, 'october.csv'), '/tmp/other.tsv'] });
    // Double-clicked on macOS in old Finder versions: a process serial number, not a file.
    expect(
      parseLaunchArgs(['/Applications/Prospect Desk.app/x', '-psn_0_1234'], true, cwd),
    ).toEqual({ mode: 'app', files: [] });
  });

  it('skips the app folder of a run from a checkout, wherever Electron switches put it', () => {
    for (const argv of [
      ['electron', '/repo', 'list.csv'],
      ['electron', '--inspect=0', '--remote-debugging-port=0', '/repo', 'list.csv'],
      ['electron', '--app=/repo', 'list.csv'],
    ]) {
      expect(parseLaunchArgs(argv, false, cwd), argv.join(' ')).toEqual({
        mode: 'app',
        files: [resolve(cwd, 'list.csv')],
      });
    }
    expect(parseLaunchArgs(['electron', '/repo'], false, cwd)).toEqual({ mode: 'app', files: [] });
  });

  it('runs the command-line tool with everything after --cli, files and flags alike', () => {
    expect(
      parseLaunchArgs(['prospect-desk', '--cli', 'check', 'a.csv', '--out', 'b.csv'], true, cwd),
    ).toEqual({ mode: 'cli', argv: ['check', 'a.csv', '--out', 'b.csv'] });
    expect(
      parseLaunchArgs(['electron', '--inspect=0', '/repo', '--cli', '--help'], false, cwd),
    ).toEqual({ mode: 'cli', argv: ['--help'] });
    expect(parseLaunchArgs(['prospect-desk', '--cli'], true, cwd)).toEqual({
      mode: 'cli',
      argv: [],
    });
  });

  it('takes from a second launch only what it should: absolute paths, at most 20', () => {
    expect(
      handedOverFiles({ files: ['/tmp/a.csv', 'relative.csv', 42, null, '/tmp/b.tsv'] }),
    ).toEqual(['/tmp/a.csv', '/tmp/b.tsv']);
    for (const junk of [undefined, null, 'x', 7, { files: 'a.csv' }, { other: [] }]) {
      expect(handedOverFiles(junk)).toEqual([]);
    }
    const many = Array.from({ length: 50 }, (_, i) => `/tmp/${i}.csv`);
    expect(handedOverFiles({ files: many })).toHaveLength(20);
  });
});
