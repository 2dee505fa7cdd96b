import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'Prospect Desk';

/**
 * Where the app and the CLI keep settings, lists, journals and backups.
 *
 * Matches Electron's `app.getPath('userData')` for our productName on each OS,
 * so the app and the CLI share one folder. `PROSPECT_DESK_DATA_DIR` overrides
 * it (tests, portable installs).
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.PROSPECT_DESK_DATA_DIR?.trim();
  if (override) return override;
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER_NAME);
  }
}
