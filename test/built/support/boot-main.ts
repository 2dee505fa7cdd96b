import { resolve } from 'node:path';
import { vi } from 'vitest';
import { createFakeElectron } from './fake-electron';
import type { FakeElectron, FakeElectronOptions } from './fake-electron';

/** The built main bundle: what `npm start` and the installers run. */
export const MAIN_BUNDLE = resolve('out/main/index.js');

// On globalThis, not in this module: vi.resetModules() (a fresh bundle per
// boot) also gives the `electron` mock a fresh copy of this module.
const BOOT = Symbol.for('prospect-desk.boot-electron');
const holder = globalThis as unknown as { [BOOT]?: FakeElectron };

/**
 * What `import … from 'electron'` gives the bundle (test/built/*.test.ts
 * mock `electron` with this): each name reads the stand-in of the current
 * boot, so every boot gets a fresh one.
 */
const ELECTRON_NAMES = [
  'app',
  'BrowserWindow',
  'protocol',
  'session',
  'ipcMain',
  'safeStorage',
  'shell',
  'dialog',
] as const;

export const electronModule: Record<string, unknown> = {};
for (const name of ELECTRON_NAMES) {
  Object.defineProperty(electronModule, name, { enumerable: true, get: () => fake()[name] });
}
Object.defineProperty(electronModule, 'default', { enumerable: true, get: () => fake() });

function fake(): Record<string, unknown> {
  const current = holder[BOOT];
  if (!current) throw new Error('no boot in progress');
  return current.module;
}

export interface Booted {
  electron: FakeElectron;
  dataDir: string;
  /** Undoes what the boot did to this process (argv, env, listeners). */
  dispose(): Promise<void>;
}

/**
 * Loads the built main bundle as Electron would start it: with `args` on
 * its command line (after the app path when not packaged) and the data
 * folder `dataDir`. The module runs its top level at import, as in Electron.
 */
export async function bootMain(options: {
  dataDir: string;
  args?: string[];
  env?: Record<string, string>;
  electron?: FakeElectronOptions;
}): Promise<Booted> {
  const electron = createFakeElectron(options.electron);
  holder[BOOT] = electron;
  const saved = { argv: process.argv, env: { ...process.env } };
  const listeners = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  const appPath = options.electron?.isPackaged ? [] : [resolve('.')];
  process.argv = ['/opt/electron/electron', ...appPath, ...(options.args ?? [])];
  process.env.PROSPECT_DESK_DATA_DIR = options.dataDir;
  delete process.env.ELECTRON_RENDERER_URL;
  Object.assign(process.env, options.env);
  vi.resetModules();
  await import(MAIN_BUNDLE);
  return {
    electron,
    dataDir: options.dataDir,
    async dispose() {
      for (const listener of process.listeners('uncaughtException')) {
        if (!listeners.uncaughtException.includes(listener)) {
          process.off('uncaughtException', listener);
        }
      }
      for (const listener of process.listeners('unhandledRejection')) {
        if (!listeners.unhandledRejection.includes(listener)) {
          process.off('unhandledRejection', listener);
        }
      }
      electron.app.emit('will-quit');
      process.argv = saved.argv;
      process.env = saved.env;
      delete holder[BOOT];
    },
  };
}
