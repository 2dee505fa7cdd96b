import { isAbsolute, resolve } from 'node:path';

/**
 * What a launch of the app binary asks for, read from its command line.
 *
 * - `prospect-desk --cli <command> …` runs the command-line tool inside the
 *   app's own binary (where the OS keychain can decrypt saved keys) and exits:
 *   no window, no single-instance lock.
 * - Anything else opens the app; its plain arguments are files to open (the
 *   OS passes a double-clicked CSV this way), resolved against the launch's
 *   working directory.
 *
 * Electron's argv is `[binary, ...args]` when packaged. Run from a checkout
 * it also holds the app folder: the first argument that is not a switch
 * (`electron .`, `electron --inspect=0 . file.csv` as Playwright starts it),
 * unless given as `--app=<folder>`. Chromium and Node switches
 * (`--password-store=basic`, `--inspect=0`, macOS's `-psn_…`) start with a
 * dash and are never files.
 */
export type LaunchRequest = { mode: 'cli'; argv: string[] } | { mode: 'app'; files: string[] };

export const CLI_FLAG = '--cli';

export function parseLaunchArgs(
  argv: readonly string[],
  isPackaged: boolean,
  cwd: string,
): LaunchRequest {
  const args = withoutAppFolder(argv.slice(1), isPackaged);
  const cli = args.indexOf(CLI_FLAG);
  if (cli !== -1) return { mode: 'cli', argv: args.slice(cli + 1) };
  return { mode: 'app', files: filesIn(args, cwd) };
}

function withoutAppFolder(args: readonly string[], isPackaged: boolean): readonly string[] {
  if (isPackaged || args.some((arg) => arg.startsWith('--app='))) return args;
  const folder = args.findIndex((arg) => !arg.startsWith('-'));
  return folder === -1 ? args : args.filter((_, index) => index !== folder);
}

function filesIn(args: readonly string[], cwd: string): string[] {
  return args
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)));
}

/** What a second launch hands to the running instance (`requestSingleInstanceLock`'s data). */
export interface HandOver {
  files: string[];
}

/**
 * The files of a hand-over: the data comes from another process and is
 * checked like any input (absolute paths only, a sane count).
 */
export function handedOverFiles(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || !('files' in data)) return [];
  const { files } = data;
  if (!Array.isArray(files)) return [];
  return files
    .filter((file): file is string => typeof file === 'string' && isAbsolute(file))
    .slice(0, 20);
}
