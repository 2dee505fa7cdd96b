import { createAppServices } from '../../src/main/app-services';
import type { AppServices } from '../../src/main/app-services';
import { openConfSettings } from '../../src/main/store/conf-settings';
import type { JobProgress } from '../../src/shared/jobs';
import type { FileOpenedEvent } from '../../src/shared/opened-files';
import type { Sandbox, SandboxOptions } from '../../src/main/sandbox/types';
import { createTestCipher } from './test-cipher';
import type { TestCipher, TestKeyStorage } from './test-cipher';
import { makeTempDir } from './temp-dir';

export interface AppUnderTest {
  services: AppServices;
  dataDir: string;
  /** The stand-in for safeStorage: switch its situation, rotate its key. */
  cipher: TestCipher;
  progress: JobProgress[];
  /** `files:opened` events: opened files wait for the page to take them. */
  fileEvents: FileOpenedEvent[];
  opened: string[];
  /** Files main asked the OS file manager to show. */
  revealed: string[];
  close(): Promise<void>;
}

/**
 * Main's real services on a temp data folder, as the Electron entry builds
 * them, minus Electron: settings through conf, keys through a real AES cipher.
 */
export async function startAppUnderTest(
  options: {
    /** What protects keys on the simulated computer (default: a keychain). */
    keyStorage?: TestKeyStorage;
    /**
     * Start on an existing data folder, as the app does after a restart; the
     * caller keeps it (close() leaves it in place). Default: a new temp folder.
     */
    dataDir?: string;
    sandbox?: SandboxOptions;
    onProgress?: (progress: JobProgress) => void;
    onFileOpened?: (event: FileOpenedEvent) => void;
  } = {},
): Promise<AppUnderTest> {
  const { dir, cleanup } = options.dataDir
    ? { dir: options.dataDir, cleanup: async () => undefined }
    : await makeTempDir();
  const progress: JobProgress[] = [];
  const fileEvents: FileOpenedEvent[] = [];
  const opened: string[] = [];
  const revealed: string[] = [];
  const cipher = createTestCipher(options.keyStorage);
  const services = createAppServices({
    dataDir: dir,
    settings: openConfSettings(dir),
    cipher,
    version: '0.0.0-test',
    emitJobProgress: (event) => {
      progress.push(event);
      options.onProgress?.(event);
    },
    emitFileOpened: (event) => {
      fileEvents.push(event);
      options.onFileOpened?.(event);
    },
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
    revealInFolder: async (path) => {
      revealed.push(path);
      return true;
    },
    ...(options.sandbox && { sandbox: options.sandbox }),
  });
  return {
    services,
    dataDir: dir,
    cipher,
    progress,
    fileEvents,
    opened,
    revealed,
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
