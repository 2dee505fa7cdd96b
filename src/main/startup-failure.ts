import { rename } from 'node:fs/promises';
import { app, dialog, shell } from 'electron';
import { DamagedSettingsError } from './store/conf-settings';
import type { Logger } from './log';

/**
 * Start-up failed (after `ready`, before the window exists): say so in a
 * dialog and exit, rather than leave a windowless process holding the
 * single-instance lock (every later launch would then just "focus" nothing).
 * A damaged settings file can be moved aside in one click: it is renamed,
 * never deleted, and the app starts again with fresh settings.
 */
export async function reportStartupFailure(
  error: unknown,
  { logger, logFile, dataDir }: { logger: Logger; logFile: string; dataDir: string },
): Promise<void> {
  logger.log('error', 'start-up failed', errorData(error));
  const damaged = error instanceof DamagedSettingsError ? error : undefined;
  const buttons = damaged
    ? ['Move it aside and start again', 'Open the data folder', 'Quit']
    : ['Open the data folder', 'Quit'];
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Prospect Desk',
    message: 'Prospect Desk could not start.',
    detail: `${error instanceof Error ? error.message : String(error)}\n\nDetails are in ${logFile}.`,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
  });
  const choice = buttons[response];
  if (damaged && choice === buttons[0]) {
    const aside = `${damaged.path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(damaged.path, aside);
    logger.log('warn', 'moved the damaged settings file aside', { aside });
    app.relaunch();
    return app.exit(0);
  } else if (choice === 'Open the data folder') {
    await shell.openPath(dataDir);
  }
  app.exit(1);
}

/** An error as log data: the stack says where, the logger redacts keys. */
export function errorData(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { value: String(error) };
}
