import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, IPC_PREFIX } from '../ipc/channels';

// One function per contract channel; ipcRenderer itself never reaches the page.
contextBridge.exposeInMainWorld(
  'hcnproxy',
  buildApi((channel, input) => ipcRenderer.invoke(IPC_PREFIX + channel, input)),
);
