import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../shared/ipc/bridge';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/ipc/channels';

// Named functions only: each calls exactly one channel. The page never sees
// ipcRenderer, and event listeners never receive the IpcRendererEvent.
contextBridge.exposeInMainWorld(
  'prospectDesk',
  buildBridge(
    INVOKE_CHANNELS,
    EVENT_CHANNELS,
    (channel, input) => ipcRenderer.invoke(channel, input),
    (channel, listener) => {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => ipcRenderer.removeListener(channel, wrapped);
    },
  ),
);
