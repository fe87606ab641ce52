import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../shared/contract/api';
import { createServiceHost } from '../services/app-services';
import { findProjectRoot } from '../node/project-root';

// The Electron binary is not needed to test the adapter: ipcMain and BrowserWindow are replaced by recorders.
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
  sent: [] as { channel: string; payload: unknown }[],
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  BrowserWindow: {
    getAllWindows: () => [{ isDestroyed: () => false, webContents: { send: (channel: string, payload: unknown) => electron.sent.push({ channel, payload }) } }],
  },
}));

const { registerIpc } = await import('./ipc');

const trusted = {} as IpcMainInvokeEvent;
const untrusted = {} as IpcMainInvokeEvent;

describe('Electron IPC adapter', () => {
  let unregister: () => void;
  beforeEach(() => {
    electron.handlers.clear();
    electron.sent.length = 0;
    const host = createServiceHost({ host: 'electron', root: findProjectRoot(), settingsStore: { store: {}, path: 'memory' }, warnings: [] });
    unregister = registerIpc(host, (event) => event === trusted);
    return () => unregister();
  });

  it('registers exactly one handler per contract request', () => {
    expect([...electron.handlers.keys()].sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it('refuses requests from senders that are not our windows', async () => {
    const handler = electron.handlers.get('settings:get');
    expect(await handler?.(untrusted, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates arguments at runtime and names the field', async () => {
    const handler = electron.handlers.get('settings:set');
    expect(await handler?.(trusted, { gpuPolling: 'often' })).toMatchObject({ ok: false, error: { code: 'invalid-args', field: 'gpuPolling' } });
  });

  it('answers valid requests and forwards the resulting event to windows', async () => {
    const handler = electron.handlers.get('settings:set');
    const envelope = await handler?.(trusted, { theme: 'dark' });
    expect(envelope).toMatchObject({ ok: true, value: { theme: 'dark' } });
    expect(electron.sent).toEqual([{ channel: 'settings:changed', payload: expect.objectContaining({ theme: 'dark' }) }]);
  });

  it('removes its handlers when unregistered', () => {
    unregister();
    expect(electron.handlers.size).toBe(0);
  });
});
