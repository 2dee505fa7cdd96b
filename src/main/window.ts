import { app, BrowserWindow, dialog, session } from 'electron';
import type { WebContents } from 'electron';
import { join } from 'node:path';
import { failurePageUrl } from './failure-page';
import type { Logger } from './log';
import { RENDERER_INDEX_URL } from './renderer-protocol';

/**
 * The main window, hardened per Electron's security checklist: isolated,
 * sandboxed, no Node in the page, no navigation, no new windows, no
 * permissions. The page's CSP: src/shared/content-security-policy.ts.
 */
export function createMainWindow(options: {
  outDir: string;
  /** `npm run dev` only (index.ts never passes it to a packaged app). */
  devServerUrl: string | undefined;
  logger: Logger;
  logFile: string;
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Prospect Desk',
    show: false,
    webPreferences: {
      preload: join(options.outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click can't open anything either (windows and navigation are denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  const pageUrl = options.devServerUrl ?? RENDERER_INDEX_URL;
  showFailures(window, pageUrl, options);
  void window.loadURL(pageUrl);
  return window;
}

/**
 * A window whose page failed to load, or whose renderer process died, must
 * not stay hidden or blank: it shows and says what happened, and the log
 * (logs/main.log in the data folder) keeps the details.
 */
function showFailures(
  window: BrowserWindow,
  pageUrl: string,
  { logger, logFile }: { logger: Logger; logFile: string },
): void {
  const contents = window.webContents;
  contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    // -3 (ERR_ABORTED) is a load we replaced ourselves, not a failure.
    if (!isMainFrame || code === -3 || url.startsWith('data:')) return;
    logger.log('error', 'the window failed to load', { code, description, url });
    void contents.loadURL(
      failurePageUrl({
        title: 'Prospect Desk could not open its window',
        detail: `Loading ${url} failed: ${description} (${code}).`,
        logFile,
      }),
    );
    window.show();
  });
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    logger.log('error', 'the window stopped', { ...details });
    window.show();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'error',
      title: 'Prospect Desk',
      message: 'The Prospect Desk window stopped working.',
      detail:
        `Reason: ${details.reason} (exit code ${details.exitCode}). Your lists, backups and ` +
        'runs on disk are not affected, and a run in progress goes on in the background. ' +
        `Details are in ${logFile}.`,
      buttons: ['Reload the window', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice === 0) void contents.loadURL(pageUrl);
    else app.quit();
  });
}

/**
 * Every web contents the app ever creates (the window, DevTools, anything
 * later) can neither navigate away, nor open windows, nor attach webviews.
 * Set on `web-contents-created`, so nothing can be created before it applies.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Deny every permission request (camera, notifications, …): we need none. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Brings the window back to the front (a second launch, a file opened with the app). */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
