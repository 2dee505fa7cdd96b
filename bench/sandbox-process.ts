/**
 * The sandbox in a process of its own, for benches that measure the client's
 * pauses between requests: in the bench's own process the sandbox would wait
 * while the client works (one thread), and its garbage collection would show
 * up as the client's. A remote Woodpecker account is like this.
 *
 * Run as a child (`fork` with this file): starts the sandbox with the options
 * given as argv[2], sends {url, keys}, answers "gets" with the list requests'
 * start and end times, and exits on "close".
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/main/sandbox';
import type { SandboxOptions } from '../src/main/sandbox/types';

export interface SandboxProcess {
  url: string;
  keys: { woodpecker: string };
  /** Start and end (ms, wall clock) of every GET the sandbox answered, in order. */
  gets(): Promise<{ startedAt: number; endedAt: number }[]>;
  close(): Promise<void>;
}

type Reply =
  | { url: string; keys: { woodpecker: string } }
  | { gets: { startedAt: number; endedAt: number }[] };

export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Reply));
      child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code})`)));
    });
  const ready = await next();
  if (!('url' in ready)) throw new Error('the sandbox process did not start');
  return {
    url: ready.url,
    keys: ready.keys,
    async gets() {
      const answer = next();
      child.send('gets');
      const reply = await answer;
      if (!('gets' in reply)) throw new Error('unexpected answer from the sandbox process');
      return reply.gets;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

if (process.send && process.argv[2]?.startsWith('{')) {
  const sandbox = await startSandbox(JSON.parse(process.argv[2]) as SandboxOptions);
  process.send({ url: sandbox.url, keys: { woodpecker: sandbox.keys.woodpecker } });
  process.on('message', (message) => {
    if (message === 'gets') {
      const gets = sandbox.log
        .filter((e) => e.method === 'GET')
        .map((e) => ({ startedAt: e.startedAt, endedAt: e.endedAt }));
      process.send!({ gets });
    } else if (message === 'close') {
      void sandbox.close().then(() => process.exit(0));
    }
  });
}
