import { join } from 'node:path';
import Conf from 'conf';
import { AppError } from '../app-error';
import type { SettingsBackend } from './settings';

/** The settings file's name in the data folder. */
export const SETTINGS_FILE = 'config.json';

/**
 * `config.json` in the data folder cannot be read (not JSON, cut short). Not
 * replaced by us: it holds the user's connections. Start-up offers to move it
 * aside (src/main/startup-failure.ts); the CLI prints the message.
 */
export class DamagedSettingsError extends AppError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      'internal',
      `The settings file ${path} is damaged (${reason}). Move it aside and start again: your saved connections will need to be added again; lists, backups and history are kept.`,
      { path },
    );
    this.name = 'DamagedSettingsError';
  }
}

/**
 * Settings for the app, the CLI and the tests alike: `conf` on `config.json` in
 * the data folder. (electron-store wraps the same library; all it would add is
 * default paths we set ourselves and an IPC listener of its own.)
 */
export function openConfSettings(dataDir: string): SettingsBackend {
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'config' });
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new DamagedSettingsError(join(dataDir, SETTINGS_FILE), error.message);
    }
    throw error;
  }
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}
