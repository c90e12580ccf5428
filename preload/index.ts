/**
 * The thin Electron bridge: exposes the host API to the sandboxed renderer as `window.engramBridge`. Only a generic
 * request/answer pair and event subscription cross the bridge; the host validates every request.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEventName } from '../contract/api';
import { IPC_CALL, IPC_EVENT, IPC_TERMINAL_OPEN, IPC_TERMINAL_PORT, TERMINAL_PORT_MESSAGE, type ApiAnswer, type EngramBridge } from '../contract/wire';

const bridge: EngramBridge = {
  shell: 'electron',
  invoke: (method, params) => ipcRenderer.invoke(IPC_CALL, method, params) as Promise<ApiAnswer>,
  on(event: ApiEventName, listener: (payload: unknown) => void) {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.off(IPC_EVENT, wrapped);
    };
  },
  openTerminalPort: (id) => ipcRenderer.send(IPC_TERMINAL_OPEN, String(id)),
};

// A MessagePort cannot cross contextBridge; window.postMessage can transfer it to the page.
ipcRenderer.on(IPC_TERMINAL_PORT, (event, id: string) => {
  window.postMessage({ [TERMINAL_PORT_MESSAGE]: id }, window.location.origin === 'null' ? '*' : window.location.origin, event.ports);
});

contextBridge.exposeInMainWorld('engramBridge', bridge);
