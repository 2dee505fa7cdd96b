import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels';
import { err } from '../../shared/result';
import type { EventChannel } from '../../shared/ipc/channels';
import type { EventPayload } from '../../shared/ipc/contract';
import type { JobProgress } from '../../shared/jobs';
import type { FileOpenedEvent } from '../../shared/opened-files';
import type { IpcRouter } from './router';

/**
 * The one place `ipcMain.handle` is called. Each channel checks that the call
 * comes from our own top-level renderer page before the router validates the
 * input and runs the handler.
 */
export function registerIpc(router: IpcRouter, isTrustedUrl: (url: string) => boolean): void {
  for (const channel of Object.values(INVOKE_CHANNELS)) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return err({
          code: 'permission',
          message: 'IPC call from an untrusted frame was refused.',
        });
      }
      return router.invoke(channel, input);
    });
  }
}

/** Pushes one event to the window's page, typed by its channel; dropped when there is none. */
export function sendEvent<C extends EventChannel>(
  contents: WebContents | undefined,
  channel: C,
  payload: EventPayload<C>,
): void {
  if (contents && !contents.isDestroyed()) contents.send(channel, payload);
}

export function sendJobProgress(contents: WebContents | undefined, progress: JobProgress): void {
  sendEvent(contents, EVENT_CHANNELS.onJobProgress, progress);
}

/** Opened files wait in `files:take-opened`. The event names none, so no page learns of them. */
export function sendFileOpened(contents: WebContents | undefined, event: FileOpenedEvent): void {
  sendEvent(contents, EVENT_CHANNELS.onFileOpened, event);
}
