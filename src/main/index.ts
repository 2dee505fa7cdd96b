import { app, BrowserWindow, protocol } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from './app-services';
import { openExternal } from './ipc/open-external';
import { registerIpc, sendJobProgress } from './ipc/register';
import { resolveDataDir } from './store/data-dir';
import { openElectronSettings } from './store/electron-settings';
import { safeStorageCipher } from './store/safe-storage-cipher';
import { trustedRendererUrl } from './ipc/trusted-sender';
import { createMainWindow, denyAllPermissions } from './window';
import { RENDERER_SCHEME, serveRendererFile } from './renderer-protocol';

// Electron glue only: lifecycle and wiring. Everything it calls is plain Node
// code that the tests (unit and e2e) run without Electron.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const dataDir = resolveDataDir();
app.setPath('userData', dataDir);

if (!app.requestSingleInstanceLock()) app.quit();

// The renderer's own origin (renderer-protocol.ts); must be declared before ready.
protocol.registerSchemesAsPrivileged([
  { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

void app.whenReady().then(() => {
  denyAllPermissions();
  const rendererDir = join(outDir, 'renderer');
  protocol.handle(RENDERER_SCHEME, (request) => serveRendererFile(rendererDir, request.url));
  const windowRef: { current?: BrowserWindow } = {};
  const services = createAppServices({
    dataDir,
    settings: openElectronSettings(dataDir),
    cipher: safeStorageCipher,
    version: app.getVersion(),
    emitJobProgress: (progress) => sendJobProgress(windowRef.current?.webContents, progress),
    openExternal,
  });
  registerIpc(services.router, trustedRendererUrl(devServerUrl));
  const window = createMainWindow(outDir, devServerUrl);
  windowRef.current = window;

  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services.dispose());
});
