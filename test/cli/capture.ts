import type { CliIo } from '../../src/cli/io';

/** A CliIo whose output the test can read: what a user would see on stdout and stderr. */
export function capture(env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const errors: string[] = [];
  const io: CliIo = {
    env,
    cwd,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => errors.push(t) },
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => errors.join(''),
    /** stdout as the one-line JSON summary every command prints. */
    json: <T = Record<string, number>>() => JSON.parse(out.join('')) as T,
  };
}
