import { createAppServices } from '../../src/main/app-services';
import type { AppServices } from '../../src/main/app-services';
import { openConfSettings } from '../../src/main/store/conf-settings';
import type { JobProgress } from '../../src/shared/jobs';
import type { Sandbox, SandboxOptions } from '../../src/main/sandbox/types';
import { createTestCipher } from './test-cipher';
import { makeTempDir } from './temp-dir';

export interface AppUnderTest {
  services: AppServices;
  dataDir: string;
  progress: JobProgress[];
  opened: string[];
  close(): Promise<void>;
}

/**
 * Main's real services on a temp data folder, as the Electron entry builds
 * them, minus Electron: settings through conf, keys through a real AES cipher.
 */
export async function startAppUnderTest(
  options: {
    encryption?: boolean;
    sandbox?: SandboxOptions;
    onProgress?: (progress: JobProgress) => void;
  } = {},
): Promise<AppUnderTest> {
  const { dir, cleanup } = await makeTempDir();
  const progress: JobProgress[] = [];
  const opened: string[] = [];
  const services = createAppServices({
    dataDir: dir,
    settings: openConfSettings(dir),
    cipher: createTestCipher(options.encryption ?? true),
    version: '0.0.0-test',
    emitJobProgress: (event) => {
      progress.push(event);
      options.onProgress?.(event);
    },
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
    ...(options.sandbox && { sandbox: options.sandbox }),
  });
  return {
    services,
    dataDir: dir,
    progress,
    opened,
    async close() {
      await services.dispose();
      await cleanup();
    },
  };
}

/** Calls a channel through the real router; rejects with the error DTO's fields on `ok: false`. */
export async function invokeOk<T>(app: AppUnderTest, channel: string, input?: unknown): Promise<T> {
  const result = await app.services.router.invoke(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

/** The job's last event once it is no longer running. */
export function finalEvent(app: AppUnderTest, jobId: string): Promise<JobProgress> {
  return new Promise<JobProgress>((resolve) => {
    const check = () => {
      const last = app.progress.filter((p) => p.jobId === jobId).at(-1);
      if (last && last.state !== 'running') resolve(last);
      else setTimeout(check, 10);
    };
    check();
  });
}

/** Saves the built-in Sandbox connection and returns its id. */
export async function saveSandboxConnection(app: AppUnderTest): Promise<string> {
  return (
    await invokeOk<{ id: string }>(app, 'connections:save', { kind: 'sandbox', label: 'Sandbox' })
  ).id;
}

/** Starts a job through a channel and resolves with its result once it succeeded. */
export async function jobResult<T>(app: AppUnderTest, channel: string, input: unknown): Promise<T> {
  const { jobId } = await invokeOk<{ jobId: string }>(app, channel, input);
  const last = await finalEvent(app, jobId);
  if (last.state !== 'succeeded') throw new Error(`${channel}: ${last.error?.message}`);
  return last.result as T;
}

/** Main's services with the Sandbox saved as a connection: the setup most IPC tests share. */
export async function startSandboxApp(sandboxOptions: SandboxOptions): Promise<{
  app: AppUnderTest;
  sandbox: Sandbox;
  connectionId: string;
}> {
  const app = await startAppUnderTest({ sandbox: sandboxOptions });
  const connectionId = await saveSandboxConnection(app);
  return { app, connectionId, sandbox: await app.services.sandbox.get() };
}
