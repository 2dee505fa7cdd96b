import { startSandbox } from '../sandbox';
import type { Sandbox, SandboxOptions } from '../sandbox/types';

/**
 * The app's built-in Sandbox connection: the local API sandbox started on
 * first use (127.0.0.1, random port) and closed with the app. Its data is
 * seeded and resets on every start.
 */
export class SandboxHost {
  private starting: Promise<Sandbox> | null = null;

  constructor(private readonly options: SandboxOptions = {}) {}

  get(): Promise<Sandbox> {
    const starting = this.starting ?? startSandbox(this.options);
    this.starting = starting;
    return starting;
  }

  async close(): Promise<void> {
    const pending = this.starting;
    this.starting = null;
    if (pending) await (await pending).close();
  }
}
