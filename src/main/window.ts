import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { RENDERER_INDEX_URL } from './renderer-protocol';

/**
 * The main window, hardened per Electron's security checklist: isolated,
 * sandboxed, no Node in the page, no navigation, no new windows, no
 * permissions. The page's CSP lives in src/renderer/index.html.
 */
export function createMainWindow(outDir: string, devServerUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Prospect Desk',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click can't open anything either (windows and navigation are denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });

  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  void window.loadURL(devServerUrl ?? RENDERER_INDEX_URL);
  return window;
}

/** Deny every permission request (camera, notifications, …): we need none. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}
