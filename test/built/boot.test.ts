import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../src/shared/content-security-policy';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src/shared/ipc/channels';
import { startSandbox } from '../../src/main/sandbox';
import { makeTempDir } from '../support/temp-dir';
import { bootMain } from './support/boot-main';
import type { Booted } from './support/boot-main';

// The built main process (out/main/index.js, what users run) booted against a
// recording stand-in for `electron` (support/fake-electron.ts): every Electron
// call it makes, in which order, and what it answers. `npm run test:built`
// builds first.
vi.mock('electron', async () => (await import('./support/boot-main')).electronModule);

const INDEX_URL = 'app://renderer/index.html';
const trusted = { senderFrame: { url: INDEX_URL, parent: null } };

let dataDir: string;
let cleanup: () => Promise<void>;
let booted: Booted | undefined;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await booted?.dispose();
  booted = undefined;
  await cleanup();
});

async function boot(options: Omit<Parameters<typeof bootMain>[0], 'dataDir'> = {}) {
  booted = await bootMain({ dataDir, ...options });
  return booted.electron;
}

async function invoke(channel: string, input?: unknown, event: unknown = trusted) {
  const handler = booted?.electron.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler(event, input)) as {
    ok: boolean;
    value?: unknown;
    error?: { code: string };
  };
}

describe('the built main process, started as Electron would', () => {
  it('declares its scheme before ready and creates nothing Electron forbids before it', async () => {
    const electron = await boot();
    expect(electron.callsTo('app.setPath')).toEqual([
      { api: 'app.setPath', args: ['userData', dataDir], beforeReady: true },
    ]);
    expect(electron.callsTo('app.requestSingleInstanceLock')[0]?.args).toEqual([{ files: [] }]);
    expect(electron.callsTo('protocol.registerSchemesAsPrivileged')).toEqual([
      {
        api: 'protocol.registerSchemesAsPrivileged',
        args: [
          [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
        ],
        beforeReady: true,
      },
    ]);
    const early = electron.calls.filter((call) => call.beforeReady).map((call) => call.api);
    expect(early).toEqual([
      'app.setPath',
      'app.requestSingleInstanceLock',
      'protocol.registerSchemesAsPrivileged',
      'app.whenReady',
    ]);

    await electron.ready();
    const late = electron.calls.filter((call) => !call.beforeReady).map((call) => call.api);
    expect(late).toContain('protocol.handle');
    expect(late).toContain('new BrowserWindow');
    // The keychain is touched only when a key is needed, never at start-up.
    expect(late.filter((api) => api.startsWith('safeStorage'))).toEqual([]);
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]?.webContents.loaded).toEqual([INDEX_URL]);
  });

  it('opens one hardened window: isolated, sandboxed, no navigation, no new windows, no permissions', async () => {
    const electron = await boot();
    await electron.ready();
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toEqual({
      preload: resolve('out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);

    // Every web contents, the window's and any later one (DevTools), is locked down.
    for (const contents of [window.webContents, electron.newWebContents()]) {
      expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
        action: 'deny',
      });
      for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
        const preventDefault = vi.fn();
        contents.emit(event, { preventDefault }, 'https://example.com/');
        expect(preventDefault, event).toHaveBeenCalledOnce();
      }
    }
    const granted: boolean[] = [];
    electron.permissionHandlers.request?.({}, 'media', (answer) => granted.push(answer));
    electron.permissionHandlers.request?.({}, 'notifications', (answer) => granted.push(answer));
    expect(granted).toEqual([false, false]);
    expect(electron.permissionHandlers.check?.({}, 'clipboard-read')).toBe(false);
  });

  it('serves the built renderer on app:// with MIME types and the CSP header, and nothing else', async () => {
    const electron = await boot();
    await electron.ready();
    const handler = electron.protocolHandlers.get('app')!;
    const get = (url: string) => handler(new Request(url));

    const page = await get(INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    // The <meta> policy the build wrote is the same policy.
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      await page.text(),
    )?.[1];
    expect(meta).toBe(RENDERER_CSP);

    const assets = await readdir(resolve('out/renderer/assets'));
    const worker = assets.find((name) => name.startsWith('import-worker-'))!;
    const css = assets.find((name) => name.endsWith('.css'))!;
    const script = await get(`app://renderer/assets/${worker}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // A worker obeys its own response's policy, not the page's <meta>.
    expect(script.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect((await get(`app://renderer/assets/${css}`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );

    for (const url of [
      'app://renderer/../main/index.js',
      'app://renderer/..%2fmain%2findex.js',
      'app://renderer/%2e%2e/preload/index.cjs',
      'app://renderer/assets/..%5c..%5cmain%5cindex.js',
      'app://renderer/index.html%00',
      'app://other/index.html',
      'app://renderer/no-such-file.js',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('handles every channel of the contract, for its own top-level page only', async () => {
    const electron = await boot();
    await electron.ready();
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(Object.values(EVENT_CHANNELS).some((c) => electron.ipcHandlers.has(c))).toBe(false);

    const info = await invoke('app:info');
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ version: '9.9.9-boot', dataDir });
    for (const senderFrame of [
      null,
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'app://renderer/other.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: INDEX_URL, parent: { url: INDEX_URL } },
    ]) {
      const refused = await invoke('app:info', undefined, { senderFrame });
      expect(refused, JSON.stringify(senderFrame)).toMatchObject({
        ok: false,
        error: { code: 'permission' },
      });
    }
  });

  it('uses the dev server only when not packaged: a packaged app ignores ELECTRON_RENDERER_URL', async () => {
    const devUrl = 'http://localhost:5173/';
    const packaged = await boot({
      electron: { isPackaged: true },
      env: { ELECTRON_RENDERER_URL: devUrl },
    });
    await packaged.ready();
    expect(packaged.windows[0]?.webContents.loaded).toEqual([INDEX_URL]);
    const fromDev = { senderFrame: { url: devUrl, parent: null } };
    expect(await invoke('app:info', undefined, fromDev)).toMatchObject({ ok: false });
    await booted?.dispose();

    const dev = await boot({ env: { ELECTRON_RENDERER_URL: devUrl } });
    await dev.ready();
    expect(dev.windows[0]?.webContents.loaded).toEqual([devUrl]);
    expect(await invoke('app:info', undefined, fromDev)).toMatchObject({ ok: true });
  });

  it('a second instance quits before ready and starts nothing, handing its file to the first', async () => {
    const electron = await boot({ args: ['prospects.csv'], electron: { gotLock: false } });
    expect(electron.callsTo('app.requestSingleInstanceLock')[0]?.args).toEqual([
      { files: [resolve('prospects.csv')] },
    ]);
    expect(electron.app.quitCalled).toBe(true);
    await electron.ready();
    const apis = new Set(electron.calls.map((call) => call.api));
    for (const api of [
      'new BrowserWindow',
      'protocol.handle',
      'protocol.registerSchemesAsPrivileged',
      'ipcMain.handle',
      'session.setPermissionRequestHandler',
    ]) {
      expect(apis.has(api), api).toBe(false);
    }
    // Not even a log folder: nothing of the app's start-up ran.
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('the first instance imports files from its command line, macOS open-file and a second launch', async () => {
    const csv = (name: string) => join(dataDir, name);
    for (const name of ['launch.csv', 'finder.csv', 'second.csv']) {
      await writeFile(csv(name), 'email\nana@example.com\n');
    }
    const electron = await boot({ args: [csv('launch.csv')] });
    // macOS sends open-file before ready when a double-clicked CSV launches the app.
    const preventDefault = vi.fn();
    electron.app.emit('open-file', { preventDefault }, csv('finder.csv'));
    expect(preventDefault).toHaveBeenCalledOnce();
    await electron.ready();
    const names = async () => {
      const taken = await invoke('files:take-opened');
      return (taken.value as { files: { name: string; kind: string }[] }).files.map(
        (file) => `${file.kind}:${file.name}`,
      );
    };
    await vi.waitFor(async () =>
      expect(await names()).toEqual(['file:launch.csv', 'file:finder.csv']),
    );

    const window = electron.windows[0]!;
    window.minimized = true;
    electron.app.emit('second-instance', {}, ['prospect-desk', 'second.csv'], dataDir, {
      files: [csv('second.csv'), 'relative.csv'],
    });
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    const announced = () =>
      window.webContents.sent.filter((event) => event.channel === 'files:opened').length;
    const before = announced();
    await vi.waitFor(() => expect(announced()).toBe(before + 1));
    expect(await names()).toEqual(['file:second.csv']);
  });

  it('a page that cannot load shows the window with what happened, and the log keeps it', async () => {
    const electron = await boot();
    await electron.ready();
    const window = electron.windows[0]!;
    // A load we replaced ourselves (ERR_ABORTED) is not a failure.
    window.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', INDEX_URL, true);
    expect(window.shown).toBe(false);

    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', INDEX_URL, true);
    expect(window.shown).toBe(true);
    const shown = window.webContents.loaded.at(-1)!;
    expect(shown.startsWith('data:text/html')).toBe(true);
    const html = decodeURIComponent(shown.slice(shown.indexOf(',') + 1));
    expect(html).toContain('ERR_FILE_NOT_FOUND');
    expect(html).toContain(join(dataDir, 'logs', 'main.log'));
    expect(html).not.toMatch(/<script/i);
    expect(await logLines()).toContainEqual(
      expect.objectContaining({ message: 'the window failed to load' }),
    );
  });

  it('a window whose renderer died says so and reloads on request', async () => {
    const electron = await boot({ electron: { dialogResponse: 0 } });
    await electron.ready();
    const window = electron.windows[0]!;
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(electron.dialogs).toHaveLength(0);

    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(electron.dialogs[0]).toMatchObject({
      message: 'The Prospect Desk window stopped working.',
      buttons: ['Reload the window', 'Quit'],
    });
    expect(window.webContents.loaded).toEqual([INDEX_URL, INDEX_URL]);
    expect(await logLines()).toContainEqual(
      expect.objectContaining({ message: 'the window stopped' }),
    );
  });

  it('logs uncaught main-process errors with keys redacted, and Settings can show the log', async () => {
    const sandbox = await startSandbox({ prospects: 300 });
    try {
      const electron = await boot();
      await electron.ready();
      const key = sandbox.keys.woodpecker;
      const saved = await invoke('connections:save', {
        kind: 'woodpecker',
        label: 'Main',
        baseUrl: sandbox.url,
        apiKey: key,
        keyStorage: 'keychain',
      });
      expect(saved.ok).toBe(true);
      // The key went through the OS keychain (safeStorage) and never to disk in clear.
      expect(electron.callsTo('safeStorage.encryptStringAsync')).toHaveLength(1);
      expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(key);

      for (const listener of process.listeners('uncaughtException')) {
        listener(new Error(`request failed with key ${key}`), 'uncaughtException');
      }
      const logged = JSON.stringify(await logLines());
      expect(logged).toContain('uncaught exception');
      expect(logged).toContain('request failed with key <redacted>');
      expect(logged).not.toContain(key);

      expect(await invoke('app:reveal-log')).toMatchObject({ ok: true, value: { revealed: true } });
      expect(electron.callsTo('shell.showItemInFolder')[0]?.args).toEqual([
        join(dataDir, 'logs', 'main.log'),
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('a damaged settings file stops start-up with a dialog, not a windowless process', async () => {
    await writeFile(join(dataDir, 'config.json'), '{"connections": [');
    const electron = await boot({ electron: { dialogResponse: 2 } });
    await electron.ready();
    expect(await electron.exited).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.dialogs[0]).toMatchObject({
      message: 'Prospect Desk could not start.',
      buttons: ['Move it aside and start again', 'Open the data folder', 'Quit'],
    });
    expect(String(electron.dialogs[0]?.detail)).toContain(join(dataDir, 'config.json'));
    expect(existsSync(join(dataDir, 'config.json'))).toBe(true);
  });

  it('moving a damaged settings file aside keeps it and starts again', async () => {
    await writeFile(join(dataDir, 'config.json'), '{"connections": [');
    const electron = await boot({ electron: { dialogResponse: 0 } });
    await electron.ready();
    expect(await electron.exited).toBe(0);
    expect(electron.app.relaunched).toBe(true);
    const files = await readdir(dataDir);
    expect(files).not.toContain('config.json');
    const aside = files.find((name) => name.startsWith('config.json.damaged-'))!;
    expect(await readFile(join(dataDir, aside), 'utf8')).toBe('{"connections": [');
  });

  it('--cli runs the command-line tool in the app binary: no lock, no window, its exit code', async () => {
    const stdout = captureStdout();
    try {
      const electron = await boot({ args: ['--cli', '--help'] });
      expect(electron.callsTo('app.requestSingleInstanceLock')).toEqual([]);
      expect(electron.exitCode()).toBeUndefined(); // it waits for ready (safeStorage needs it)
      await electron.ready();
      expect(await electron.exited).toBe(0);
      expect(electron.windows).toHaveLength(0);
      expect(electron.ipcHandlers.size).toBe(0);
      expect(stdout.text()).toContain('Usage: prospect-desk');
    } finally {
      stdout.restore();
    }
  });

  it('--cli uses a connection saved in the app, its key decrypted by the OS keychain', async () => {
    const sandbox = await startSandbox({ prospects: 300 });
    const stdout = captureStdout();
    try {
      const app = await boot();
      await app.ready();
      const saved = await invoke('connections:save', {
        kind: 'woodpecker',
        label: 'Main',
        baseUrl: sandbox.url,
        apiKey: sandbox.keys.woodpecker,
        keyStorage: 'keychain',
      });
      expect(saved.ok).toBe(true);
      await booted?.dispose();

      const out = join(dataDir, 'all.csv');
      const cli = await boot({ args: ['--cli', 'export', '--connection', 'Main', '--out', out] });
      await cli.ready();
      expect(await cli.exited).toBe(0);
      expect(cli.callsTo('safeStorage.decryptStringAsync').length).toBeGreaterThan(0);
      const rows = Papa.parse(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true });
      expect(rows.data).toHaveLength(sandbox.state.prospects().size);
      expect(JSON.parse(stdout.text().trim().split('\n').at(-1)!)).toMatchObject({
        prospects: sandbox.state.prospects().size,
      });
    } finally {
      stdout.restore();
      await sandbox.close();
    }
  });
});

async function logLines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dataDir, 'logs', 'main.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function captureStdout(): { text(): string; restore(): void } {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    text += String(chunk);
    const callback = rest.find((arg) => typeof arg === 'function');
    if (callback) (callback as () => void)();
    return true;
  });
  return { text: () => text, restore: () => spy.mockRestore() };
}
