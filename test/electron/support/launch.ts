/**
 * Starts the real app in real Electron for one spec: a fresh data folder, the
 * Chromium sandbox on, a minimal environment, and a wait for the renderer's
 * ready signal. Two targets, chosen by the environment:
 *
 * - dev (default): the build in this checkout (`npm run build` → out/), run by
 *   the `electron` package's own binary with the repo folder as the app
 *   (`--app=<repo>`), so Electron runs package.json's `main` (out/main/index.js);
 * - packaged: `PROSPECT_DESK_EXECUTABLE=/path/to/unpacked/binary`, the app
 *   electron-builder built with `--dir` (the test build keeps the CLI-inspect
 *   fuse on: Playwright drives Electron through `--inspect=0`).
 *
 * Both targets are started through `executablePath`. Without it Playwright
 * injects its own loader (`-r …/electron/loader.js`), which appends
 * `--password-store=basic` and `--use-mock-keychain` to Chromium's switches:
 * safeStorage would then see no keyring on Linux and a fake one on macOS, and
 * the key round-trip spec would test nothing real. With `executablePath` the
 * dev build starts exactly as the packaged one does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import type { ElectronApplication, Page, TestInfo } from '@playwright/test';

/** The checkout: package.json, out/, node_modules/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The renderer's own readiness signal (src/renderer/src/app.tsx): no sleeps, ever. */
export const READY_SELECTOR = '[data-testid="app"][data-ready="true"]';

/** Generous: a first launch on a cold CI machine (macOS verifies the binary) takes a while. */
const LAUNCH_TIMEOUT_MS = 60_000;
/** How long a quitting app may take before the test kills it and fails. */
const QUIT_TIMEOUT_MS = 20_000;

/** What gets started: the binary and the arguments that precede ours. */
export interface AppTarget {
  mode: 'dev' | 'packaged';
  executable: string;
  /** The app folder in dev mode (Electron runs its package.json `main`); none when packaged. */
  appArgs: string[];
}

/** A full command line plus environment, for `child_process.spawn` (second instance, CLI). */
export interface AppCommand {
  executable: string;
  args: string[];
  env: Record<string, string>;
}

export interface LaunchTimings {
  /** `Date.now()` just before the process was started. */
  startedAt: number;
  /** Until Playwright was connected to main and to Chromium. */
  launchedMs: number;
  /** Until the first window existed. */
  firstWindowMs: number;
  /** Until the renderer said it was ready (`data-ready="true"`). */
  readyMs: number;
}

export interface LaunchedApp {
  electronApp: ElectronApplication;
  /** The first window: a Playwright `Page`, so the e2e page modules work on it. */
  window: Page;
  dataDir: string;
  /** How this instance was started (without Playwright's own switches). */
  command: AppCommand;
  timings: LaunchTimings;
  /** Quits the app (trace and last screenshot kept under the test's output folder). */
  close(): Promise<void>;
}

/** The app this run tests, from `PROSPECT_DESK_EXECUTABLE` or the checkout's build. */
export function appTarget(env: NodeJS.ProcessEnv = process.env): AppTarget {
  const packaged = env.PROSPECT_DESK_EXECUTABLE?.trim();
  if (packaged) {
    const executable = resolve(packaged);
    if (!existsSync(executable)) {
      throw new Error(`PROSPECT_DESK_EXECUTABLE names ${executable}, which does not exist.`);
    }
    return { mode: 'packaged', executable, appArgs: [] };
  }
  const executable = installedElectronBinary();
  if (!executable) {
    throw new Error(
      "Electron's binary is not installed (node_modules/electron/path.txt or the file it names " +
        'is missing): run "npx install-electron --no", or set PROSPECT_DESK_EXECUTABLE.',
    );
  }
  const main = appMainEntry();
  if (!existsSync(join(REPO_ROOT, main))) {
    throw new Error(`${main} (package.json "main") is missing: run "npm run build" first.`);
  }
  return { mode: 'dev', executable, appArgs: [devAppArg(REPO_ROOT)] };
}

/**
 * How the dev build names its app folder to Electron: `--app=<folder>`, which
 * Electron's default app reads like a positional path. Playwright puts its own
 * `--inspect=0 --remote-debugging-port=0` before our arguments, and the app
 * reads a dev run's argv as `[binary, appPath, ...files]`
 * (src/main/launch-args.ts): a positional folder would land among the files
 * to open. Electron splits `--app=` at the first `=`, so a folder whose path
 * holds one is passed positionally instead.
 */
function devAppArg(folder: string): string {
  return folder.includes('=') ? folder : `--app=${folder}`;
}

/**
 * Electron's binary as `require('electron')` would name it, without its side
 * effect: requiring the package downloads the binary when it is missing.
 */
export function installedElectronBinary(): string | null {
  const packageDir = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function appMainEntry(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    main?: string;
  };
  return manifest.main ?? 'index.js';
}

/**
 * Chromium switches every launched instance gets, for a real keychain:
 * - Linux: Chromium picks the keyring from the desktop (XDG_CURRENT_DESKTOP)
 *   and falls back to `basic_text` — no keyring, for the app — on a bare xvfb
 *   display, so the Secret Service (gnome-keyring in CI) is named explicitly;
 *   `PROSPECT_DESK_PASSWORD_STORE` changes it ('' lets Chromium choose).
 * - macOS: the login Keychain; `PROSPECT_DESK_MOCK_KEYCHAIN=1` switches to
 *   Chromium's in-process mock for a runner that would show a Keychain dialog.
 */
export function launchSwitches(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (platform === 'darwin') {
    return env.PROSPECT_DESK_MOCK_KEYCHAIN === '1' ? ['--use-mock-keychain'] : [];
  }
  if (platform !== 'linux') return [];
  const store = env.PROSPECT_DESK_PASSWORD_STORE ?? 'gnome-libsecret';
  return store ? [`--password-store=${store}`] : [];
}

/** Variables passed through from the test process when set; nothing else is inherited. */
const PASS_THROUGH: Record<'common' | 'linux' | 'darwin' | 'win32', readonly string[]> = {
  common: ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LANGUAGE', 'LC_ALL', 'TZ', 'CI'],
  // xvfb (DISPLAY, XAUTHORITY), Wayland, and the D-Bus session the keyring lives on.
  linux: [
    'DISPLAY',
    'XAUTHORITY',
    'WAYLAND_DISPLAY',
    'XDG_RUNTIME_DIR',
    'XDG_SESSION_TYPE',
    'XDG_CURRENT_DESKTOP',
    'XDG_DATA_DIRS',
    'DBUS_SESSION_BUS_ADDRESS',
    'GNOME_KEYRING_CONTROL',
    'USER',
    'LOGNAME',
  ],
  darwin: ['USER', 'LOGNAME'],
  // Windows processes misbehave without these (Winsock needs SystemRoot; DPAPI the profile).
  win32: [
    'SystemRoot',
    'SystemDrive',
    'windir',
    'ComSpec',
    'PATHEXT',
    'USERPROFILE',
    'USERNAME',
    'USERDOMAIN',
    'APPDATA',
    'LOCALAPPDATA',
    'ProgramData',
    'ProgramFiles',
    'ProgramFiles(x86)',
    'CommonProgramFiles',
    'HOMEDRIVE',
    'HOMEPATH',
    'ALLUSERSPROFILE',
    'PUBLIC',
    'COMPUTERNAME',
    'NUMBER_OF_PROCESSORS',
    'PROCESSOR_ARCHITECTURE',
    'OS',
  ],
};

/**
 * The app's whole environment: the data folder (the app, its CLI and
 * Chromium's profile all live there) plus what the OS needs. Never inherited:
 * ELECTRON_RUN_AS_NODE (the binary would run as plain Node), NODE_OPTIONS,
 * ELECTRON_RENDERER_URL (the window would load a dev server), or any other
 * PROSPECT_DESK_* setting.
 */
export function appEnv(
  dataDir: string,
  source: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const names = [
    ...PASS_THROUGH.common,
    ...(platform === 'linux' || platform === 'darwin' || platform === 'win32'
      ? PASS_THROUGH[platform]
      : []),
    // Opt-in: main's console and Chromium's log on stderr, for a failing run.
    'ELECTRON_ENABLE_LOGGING',
  ];
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  env.PROSPECT_DESK_DATA_DIR = dataDir;
  return env;
}

/** The command line that starts the app on `dataDir` as the specs launch it. */
export function launchCommand(dataDir: string, target = appTarget()): AppCommand {
  return {
    executable: target.executable,
    args: [...target.appArgs, ...launchSwitches()],
    env: appEnv(dataDir),
  };
}

/** The command line for the app's command-line tool: `<binary> [app folder] --cli …`. */
export function cliCommand(dataDir: string, args: string[], target = appTarget()): AppCommand {
  return {
    executable: target.executable,
    args: [...target.appArgs, '--cli', ...args],
    env: appEnv(dataDir),
  };
}

/** A new empty folder under the OS temp folder. */
export function makeTempDir(prefix = 'prospect-desk-electron-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a folder; retries while Windows still holds files of a process that just exited. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

export interface LaunchOptions {
  /** Launch on this data folder (kept on close: the caller owns it); default a fresh one. */
  dataDir?: string;
  /** Where the trace and last screenshot go (`testInfo.outputPath`); none when omitted. */
  testInfo?: TestInfo;
  /** Names this instance's artifacts, e.g. `app-1`. */
  name?: string;
  /** Record a Playwright trace (default true with `testInfo`); off for timings. */
  trace?: boolean;
}

/**
 * Launches the app and waits for its first window and the renderer's ready
 * signal. The caller must `close()` it (the `launch` fixture does).
 */
export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir());
  await mkdir(dataDir, { recursive: true });
  const command = launchCommand(dataDir);
  const name = options.name ?? 'app';
  const tracing = options.testInfo !== undefined && options.trace !== false;

  const startedAt = Date.now();
  let electronApp: ElectronApplication;
  try {
    electronApp = await _electron.launch({
      executablePath: command.executable,
      args: command.args,
      env: command.env,
      cwd: tmpdir(),
      chromiumSandbox: true,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    if (ownsDataDir) await removeDir(dataDir);
    throw explainLaunchFailure(error, command.executable);
  }
  const launchedMs = Date.now() - startedAt;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      try {
        await keepArtifacts(electronApp, options.testInfo, name, tracing);
        await quit(electronApp);
      } finally {
        if (ownsDataDir) await removeDir(dataDir);
      }
    })();
    return closed;
  };

  try {
    if (tracing) {
      await electronApp
        .context()
        .tracing.start({ screenshots: true, snapshots: true, title: name });
    }
    const window = await electronApp.firstWindow({ timeout: LAUNCH_TIMEOUT_MS });
    const firstWindowMs = Date.now() - startedAt;
    await window.locator(READY_SELECTOR).waitFor({ timeout: LAUNCH_TIMEOUT_MS });
    const readyMs = Date.now() - startedAt;
    return {
      electronApp,
      window,
      dataDir,
      command,
      timings: { startedAt, launchedMs, firstWindowMs, readyMs },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Saves the trace and a last screenshot into the test's output folder. */
async function keepArtifacts(
  electronApp: ElectronApplication,
  testInfo: TestInfo | undefined,
  name: string,
  tracing: boolean,
): Promise<void> {
  if (!testInfo) return;
  const window = electronApp.windows()[0];
  if (window && !window.isClosed()) {
    await window
      .screenshot({ path: testInfo.outputPath(`${name}-last.png`) })
      .catch(() => undefined); // the window may be gone (crash): the trace still says why
  }
  if (!tracing) return;
  await electronApp
    .context()
    .tracing.stop({ path: testInfo.outputPath(`${name}-trace.zip`) })
    .catch(() => undefined);
}

/** Asks the app to quit; kills it (and fails) if it has not exited in time. */
async function quit(electronApp: ElectronApplication): Promise<void> {
  const child = electronApp.process();
  if (hasExited(child)) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), QUIT_TIMEOUT_MS);
  });
  const outcome = await Promise.race([
    // A rejection means the connection is gone: the process is exiting, `exited` settles it.
    electronApp.close().then(
      () => 'closed' as const,
      () => exited.then(() => 'closed' as const),
    ),
    exited.then(() => 'closed' as const),
    gaveUp,
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    killTree(child);
    await exited;
    throw new Error(`The app did not quit within ${QUIT_TIMEOUT_MS / 1000} s; it was killed.`);
  }
  await exited;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Kills a process and its children (on Windows Playwright starts Electron through a shell). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || hasExited(child)) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
  } else {
    child.kill('SIGKILL');
  }
}

/** Adds what to do to the launch errors a misconfigured runner produces. */
function explainLaunchFailure(error: unknown, executable: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/SUID sandbox|chrome-sandbox/i.test(message)) {
    const sandbox = join(dirname(executable), 'chrome-sandbox');
    return new Error(
      `Chromium's sandbox could not start. Make its helper root-owned and setuid:\n` +
        `  sudo chown root:root "${sandbox}" && sudo chmod 4755 "${sandbox}"\n\n${message}`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the app's binary as a plain child process (not driven by Playwright)
 * and resolves once it exits; rejects if it is still running after
 * `timeoutMs` (it is then killed).
 */
export function runApp(command: AppCommand, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(command.executable, command.args, {
      env: command.env,
      cwd: tmpdir(),
      shell: false,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      killTree(child);
      rejectRun(
        new Error(
          `${command.executable} ${command.args.join(' ')} was still running after ` +
            `${timeoutMs / 1000} s (killed). stderr:\n${stderr.slice(-2_000)}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      rejectRun(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** Every file under `dir`, recursively (absolute paths). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

interface ElectronFixtures {
  /**
   * Launches the app on a fresh data folder, or on `dataDir` (to launch again on
   * the same one). Every app a test launched is quit after it; the traces and
   * last screenshots are attached when the test failed.
   */
  launch(options?: { dataDir?: string; trace?: boolean }): Promise<LaunchedApp>;
  /** The test's own temp folder (data folders, fixture files, reports); removed after it. */
  tempDir: string;
}

/** `test` with the `launch` and `tempDir` fixtures. */
export const test = base.extend<ElectronFixtures>({
  // Playwright reads the fixtures a function needs from its first parameter's pattern.
  // eslint-disable-next-line no-empty-pattern
  tempDir: async ({}, use) => {
    const dir = await makeTempDir();
    try {
      await use(dir);
    } finally {
      await removeDir(dir);
    }
  },
  // Depends on tempDir, so the apps have quit before their data folders are removed.
  launch: async ({ tempDir }, use, testInfo) => {
    const apps: LaunchedApp[] = [];
    await use(async (options = {}) => {
      const name = `app-${apps.length + 1}`;
      const dataDir = options.dataDir ?? join(tempDir, `${name}-data`);
      const app = await launchApp({ dataDir, testInfo, name, trace: options.trace });
      apps.push(app);
      return app;
    });
    const errors: unknown[] = [];
    for (const app of apps.reverse()) await app.close().catch((error) => errors.push(error));
    if (testInfo.status !== testInfo.expectedStatus) {
      // The output folder is kept for failed tests only (preserveOutput: 'failures-only').
      const files = await readdir(testInfo.outputDir).catch(() => [] as string[]);
      for (const file of files.filter((name) => /^app-\d+-(trace\.zip|last\.png)$/.test(name))) {
        testInfo.attachments.push({
          name: file,
          path: join(testInfo.outputDir, file),
          contentType: file.endsWith('.zip') ? 'application/zip' : 'image/png',
        });
      }
    }
    if (errors.length > 0) throw errors[0];
  },
});

export { expect } from '@playwright/test';
