/**
 * The only code that touches ipcRenderer. Exposes exactly the contract as window.api: invoke for the
 * listed requests and on for the listed events; anything else is refused here, before it reaches main.
 * Plus pathForFile, which turns a dropped File into its path and nothing more.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { WakewordApi } from '../shared/contract/api';
import { isEventName, isRequestName } from '../shared/contract/contract-names';
import { unwrapEnvelope, type Envelope } from '../shared/contract/envelope';

const api: WakewordApi = {
  host: 'electron',
  async invoke(name, ...args) {
    if (!isRequestName(name)) throw new Error(`Unknown request "${String(name)}"`);
    const envelope = (await ipcRenderer.invoke(name, args[0])) as Envelope<never>;
    return unwrapEnvelope(envelope);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
  // The sandboxed page cannot see paths; dropped files are imported by path (dataset:import-paths).
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
