import Conf from 'conf';
import type { SettingsBackend } from './settings';

/**
 * Settings outside Electron (CLI, tests): `conf` is the library electron-store
 * is built on, pointed at the same `config.json` in the data folder.
 */
export function openConfSettings(dataDir: string): SettingsBackend {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'config' });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}
