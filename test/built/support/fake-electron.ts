import { EventEmitter } from 'node:events';

/**
 * A recording stand-in for the `electron` module, for booting the built main
 * bundle (out/main/index.js) in Node where Electron cannot run.
 *
 * It records every call with whether `ready` had fired, and it behaves where
 * Electron's behaviour matters to the app (../shared/notes/electron-facts.md):
 * `ready` fires even after an early `app.quit()`; `protocol.handle`,
 * `BrowserWindow`, `session` and `safeStorage` throw before `ready`;
 * `registerSchemesAsPrivileged` throws after it; creating a window emits
 * `web-contents-created` first, as Electron does.
 */
export interface Call {
  api: string;
  args: unknown[];
  beforeReady: boolean;
}

export interface FakeElectronOptions {
  isPackaged?: boolean;
  /** What requestSingleInstanceLock answers: false = another instance runs. */
  gotLock?: boolean;
  /** The button index dialog.showMessageBox(Sync) answers. */
  dialogResponse?: number;
  platform?: NodeJS.Platform;
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const calls: Call[] = [];
  let isReady = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  const paths = new Map<string, string>();
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const dialogs: Record<string, unknown>[] = [];
  let exitCode: number | undefined;
  let exitResolve!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exitResolve = resolve));

  const record = (api: string, args: unknown[] = []) => {
    calls.push({ api, args, beforeReady: !isReady });
  };
  const afterReadyOnly = (api: string) => {
    if (!isReady) throw new Error(`${api} cannot be used before the app is ready`);
  };

  class FakeWebContents extends EventEmitter {
    readonly loaded: string[] = [];
    windowOpenHandler?: (details: { url: string }) => { action: string };
    destroyed = false;
    sent: { channel: string; payload: unknown }[] = [];
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      record('webContents.setWindowOpenHandler');
      this.windowOpenHandler = handler;
    }
    loadURL(url: string) {
      record('webContents.loadURL', [url]);
      this.loaded.push(url);
      return Promise.resolve();
    }
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
    }
    isDestroyed() {
      return this.destroyed;
    }
  }

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    shown = false;
    focused = 0;
    minimized = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      afterReadyOnly('new BrowserWindow');
      record('new BrowserWindow', [options]);
      app.emit('web-contents-created', {}, this.webContents);
      windows.push(this);
    }
    loadURL(url: string) {
      record('BrowserWindow.loadURL', [url]);
      return this.webContents.loadURL(url);
    }
    show() {
      this.shown = true;
    }
    focus() {
      this.focused += 1;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    isDestroyed() {
      return false;
    }
  }

  class FakeApp extends EventEmitter {
    readonly isPackaged = options.isPackaged ?? false;
    readonly dock =
      options.platform === 'darwin' ? { hide: () => record('app.dock.hide') } : undefined;
    quitCalled = false;
    relaunched = false;
    getVersion() {
      return '9.9.9-boot';
    }
    getName() {
      return 'Prospect Desk';
    }
    setPath(name: string, path: string) {
      record('app.setPath', [name, path]);
      paths.set(name, path);
    }
    getPath(name: string) {
      const path = paths.get(name);
      if (!path) throw new Error(`no path ${name}`);
      return path;
    }
    requestSingleInstanceLock(data?: unknown) {
      record('app.requestSingleInstanceLock', [data]);
      return options.gotLock ?? true;
    }
    whenReady() {
      record('app.whenReady');
      return readyPromise;
    }
    isReady() {
      return isReady;
    }
    quit() {
      record('app.quit');
      this.quitCalled = true;
    }
    exit(code = 0) {
      record('app.exit', [code]);
      exitCode = code;
      exitResolve(code);
    }
    relaunch() {
      record('app.relaunch');
      this.relaunched = true;
    }
  }
  const app = new FakeApp();

  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown) {
      record('protocol.registerSchemesAsPrivileged', [schemes]);
      if (isReady) throw new Error('registerSchemesAsPrivileged must be called before ready');
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
      afterReadyOnly('protocol.handle');
      record('protocol.handle', [scheme]);
      protocolHandlers.set(scheme, handler);
    },
  };

  const permissionHandlers: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (...args: unknown[]) => boolean;
  } = {};
  const session = {
    get defaultSession() {
      afterReadyOnly('session.defaultSession');
      return {
        setPermissionRequestHandler(handler: NonNullable<typeof permissionHandlers.request>) {
          record('session.setPermissionRequestHandler');
          permissionHandlers.request = handler;
        },
        setPermissionCheckHandler(handler: NonNullable<typeof permissionHandlers.check>) {
          record('session.setPermissionCheckHandler');
          permissionHandlers.check = handler;
        },
      };
    },
  };

  const ipcMain = {
    handle(channel: string, handler: (event: unknown, input: unknown) => unknown) {
      record('ipcMain.handle', [channel]);
      ipcHandlers.set(channel, handler);
    },
  };

  // A reversible stand-in for the OS keychain: prefix + base64.
  const safeStorage = {
    async isAsyncEncryptionAvailable() {
      afterReadyOnly('safeStorage');
      record('safeStorage.isAsyncEncryptionAvailable');
      return true;
    },
    getSelectedStorageBackend() {
      afterReadyOnly('safeStorage');
      return 'gnome_libsecret';
    },
    async encryptStringAsync(plain: string) {
      afterReadyOnly('safeStorage');
      record('safeStorage.encryptStringAsync');
      return Buffer.from(`fake-os:${Buffer.from(plain).toString('base64')}`);
    },
    async decryptStringAsync(encrypted: Buffer) {
      afterReadyOnly('safeStorage');
      record('safeStorage.decryptStringAsync');
      const text = encrypted.toString();
      if (!text.startsWith('fake-os:')) throw new Error('not ours');
      return { result: Buffer.from(text.slice(8), 'base64').toString(), shouldReEncrypt: false };
    },
  };

  const shell = {
    async openExternal(url: string) {
      record('shell.openExternal', [url]);
    },
    async openPath(path: string) {
      record('shell.openPath', [path]);
      return '';
    },
    showItemInFolder(path: string) {
      record('shell.showItemInFolder', [path]);
    },
  };

  const dialog = {
    async showMessageBox(...args: unknown[]) {
      const options = args.at(-1) as Record<string, unknown>;
      record('dialog.showMessageBox', [options]);
      dialogs.push(options);
      return { response: optionsResponse(), checkboxChecked: false };
    },
    showMessageBoxSync(...args: unknown[]) {
      const options = args.at(-1) as Record<string, unknown>;
      record('dialog.showMessageBoxSync', [options]);
      dialogs.push(options);
      return optionsResponse();
    },
  };
  const optionsResponse = () => options.dialogResponse ?? 0;

  // What `import … from 'electron'` yields (typed loosely: the bundle is plain JS).
  const module: Record<string, unknown> = {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol,
    session,
    ipcMain,
    safeStorage,
    shell,
    dialog,
  };

  return {
    module,
    app,
    calls,
    windows,
    ipcHandlers,
    protocolHandlers,
    permissionHandlers,
    dialogs,
    exited,
    exitCode: () => exitCode,
    /** Fires `ready` (Electron does so even after an early quit()). */
    async ready() {
      isReady = true;
      record('ready');
      app.emit('ready');
      resolveReady();
      // Let the app's whenReady().then(…) chain run.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    /** Another web contents (DevTools, say), announced as Electron does. */
    newWebContents() {
      const contents = new FakeWebContents();
      app.emit('web-contents-created', {}, contents);
      return contents;
    },
    callsTo(api: string) {
      return calls.filter((call) => call.api === api);
    },
  };
}
