import { app, BrowserWindow, protocol } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from './app-services';
import type { AppServices } from './app-services';
import { handedOverFiles, parseLaunchArgs } from './launch-args';
import type { HandOver } from './launch-args';
import { openExternal, revealInFolder } from './ipc/open-external';
import { registerIpc, sendFileOpened, sendJobProgress } from './ipc/register';
import { trustedRendererUrl } from './ipc/trusted-sender';
import { createFileLogger, logFilePath } from './log';
import { RENDERER_SCHEME, serveRendererFile } from './renderer-protocol';
import { errorData, reportStartupFailure } from './startup-failure';
import { openConfSettings } from './store/conf-settings';
import { resolveDataDir } from './store/data-dir';
import { safeStorageCipher } from './store/safe-storage-cipher';
import { createMainWindow, denyAllPermissions, focusWindow, hardenWebContents } from './window';

// Electron glue only: lifecycle and wiring. Everything it calls is plain Node
// code that the tests run without Electron; this file itself is proven by
// test/built/boot.test.ts (the built bundle against a recording stand-in for
// `electron`) and, where Electron runs, by test/electron/.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolveDataDir();
// Chromium's profile (and Windows' safeStorage key) live beside our data.
app.setPath('userData', dataDir);

const launch = parseLaunchArgs(process.argv, app.isPackaged, process.cwd());
if (launch.mode === 'cli') {
  void runCliInApp(launch.argv);
} else if (!app.requestSingleInstanceLock({ files: launch.files } satisfies HandOver)) {
  // Another instance runs: it gets our files (second-instance) and comes to
  // the front. `ready` still fires after quit(), so nothing else may be set up.
  app.quit();
} else {
  startApp(launch.files);
}

function startApp(launchFiles: string[]): void {
  // The Vite dev server's page only in a development run: a packaged app
  // never loads (or trusts on IPC) a URL taken from the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const logFile = logFilePath(dataDir);
  const logger = createFileLogger(logFile);
  process.on('uncaughtException', (error) =>
    logger.log('error', 'uncaught exception', errorData(error)),
  );
  process.on('unhandledRejection', (reason) =>
    logger.log('error', 'unhandled rejection', errorData(reason)),
  );

  // The renderer's own origin (renderer-protocol.ts); must be declared before ready.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: RENDERER_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  let services: AppServices | undefined;
  let window: BrowserWindow | undefined;
  // Files asked for before the services exist wait here (macOS sends
  // open-file before ready when a CSV is double-clicked to launch us).
  const waiting = [...launchFiles];
  const open = (files: string[]) => {
    if (files.length === 0) return;
    if (services) services.openFiles(files);
    else waiting.push(...files);
  };
  app.on('open-file', (event, path) => {
    event.preventDefault();
    open([path]);
    focusWindow(window);
  });
  app.on('second-instance', (_event, _argv, _cwd, data) => {
    open(handedOverFiles(data));
    focusWindow(window);
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions();
      const rendererDir = join(outDir, 'renderer');
      protocol.handle(RENDERER_SCHEME, (request) => serveRendererFile(rendererDir, request.url));
      const started = createAppServices({
        dataDir,
        logger,
        settings: openConfSettings(dataDir),
        cipher: safeStorageCipher,
        version: app.getVersion(),
        emitJobProgress: (progress) => sendJobProgress(window?.webContents, progress),
        emitFileOpened: (event) => sendFileOpened(window?.webContents, event),
        openExternal,
        revealInFolder,
      });
      services = started;
      registerIpc(started.router, trustedRendererUrl(devServerUrl));
      window = createMainWindow({ outDir, devServerUrl, logger, logFile });
      open(waiting.splice(0));
      app.on('window-all-closed', () => app.quit());
      app.on('will-quit', () => void started.dispose());
    })
    .catch((error: unknown) => reportStartupFailure(error, { logger, logFile, dataDir }));
}

/**
 * `prospect-desk --cli …`: the command-line tool in the app's own binary, so
 * connections saved in the app work with their keys (safeStorage needs
 * `ready`). No window, no lock: it may run beside the open app.
 */
async function runCliInApp(argv: string[]): Promise<void> {
  app.dock?.hide();
  await app.whenReady();
  const { runCli } = await import('../cli/main');
  const code = await runCli(argv, {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    cipher: safeStorageCipher,
  });
  // app.exit() does not wait for pipes, which are asynchronous on macOS and
  // Windows: the JSON summary must reach a script reading our stdout.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  app.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
