/**
 * The only place main touches ipcMain and webContents.send: every contract request gets a handler that
 * checks the sender, validates arguments (zod, via dispatch) and answers with an envelope; every bus event
 * is forwarded to our windows.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_NAMES, type Envelope } from '../shared/contract/api';
import { dispatch } from '../shared/contract/dispatch';
import type { ServiceHost } from '../services/app-services';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function registerIpc(serviceHost: ServiceHost, isTrustedSender: SenderCheck): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(name, async (event, args: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: `Request "${name}" refused: it did not come from a Wakeword Studio window.` } };
      }
      const envelope = await dispatch(serviceHost.handlers, name, args, { transport: 'ipc' });
      // The window shows the message alone; main's log keeps which request failed.
      if (!envelope.ok && envelope.error.request !== undefined) console.warn(`${envelope.error.request} failed: ${envelope.error.message}`);
      return envelope;
    });
  }
  const unsubscribe = serviceHost.bus.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(name, payload);
    }
  });
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(name);
    unsubscribe();
  };
}
