import { spawn } from 'node:child_process';

/** What a script run in its own process printed, and how it ended. */
export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript test script (through tsx) in a process of its own: a
 * second app or CLI run beside this one. With `startAt` (epoch ms) the script
 * starts its work at that moment (`waitForStart` in the script), so two such
 * processes race for real instead of one finishing before the other has
 * even loaded.
 */
export function runInOtherProcess(
  script: string,
  args: readonly string[],
  options: { startAt?: number } = {},
): Promise<ProcessResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(options.startAt !== undefined && { PROSPECT_DESK_START_AT: String(options.startAt) }),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A start time far enough ahead for every process of a race to have loaded. */
export const raceStart = (): number => Date.now() + 3_000;

/** In a script run by runInOtherProcess: waits until the race's start time. */
export async function waitForStart(): Promise<void> {
  const startAt = Number(process.env.PROSPECT_DESK_START_AT ?? 0);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
}

/** runInOtherProcess for a script that prints one JSON value: resolves with it. */
export async function jsonFromOtherProcess<T>(
  script: string,
  args: readonly string[],
  options: { startAt?: number } = {},
): Promise<T> {
  const { stdout, stderr, code } = await runInOtherProcess(script, args, options);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`${script} exited ${code} without its JSON: ${stdout} ${stderr}`);
  }
}
