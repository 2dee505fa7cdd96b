import Store from 'electron-store';
import type { SettingsBackend } from './settings';

/** Settings inside the app: electron-store on `config.json` in the data folder. */
export function openElectronSettings(dataDir: string): SettingsBackend {
  const store = new Store<Record<string, unknown>>({ cwd: dataDir, name: 'config' });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}
