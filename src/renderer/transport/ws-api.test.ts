import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/api';
import { createWebSocketApi, webSocketUrl, type WebSocketLike } from './ws-api';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const api = createWebSocketApi({
    url: 'ws://h/api',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    reconnectDelaysMs: [10],
  });
  return { api, sockets, socket: () => sockets[sockets.length - 1] as FakeSocket };
}

describe('WebSocket transport', () => {
  it('queues requests until open, then resolves them by id', async () => {
    const { api, socket } = setup();
    const pending = api.invoke('settings:get');
    expect(socket().sent).toEqual([]);
    socket().open();
    const frame = JSON.parse(socket().sent[0] ?? '{}') as { id: number; name: string };
    expect(frame.name).toBe('settings:get');
    socket().receive({ type: 'response', id: frame.id, envelope: { ok: true, value: DEFAULT_SETTINGS } });
    await expect(pending).resolves.toEqual(DEFAULT_SETTINGS);
    api.close();
  });

  it('rejects with the server error message', async () => {
    const { api, socket } = setup();
    socket().open();
    const pending = api.invoke('settings:set', { theme: 'dark' });
    const frame = JSON.parse(socket().sent[0] ?? '{}') as { id: number };
    socket().receive({ type: 'response', id: frame.id, envelope: { ok: false, error: { code: 'invalid-args', message: 'Invalid arguments for "settings:set": theme: bad', field: 'theme' } } });
    await expect(pending).rejects.toMatchObject({ code: 'invalid-args', field: 'theme', message: expect.stringContaining('theme') });
    api.close();
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { api, socket } = setup();
    socket().open();
    const listener = vi.fn();
    const off = api.on('settings:changed', listener);
    socket().receive({ type: 'event', name: 'settings:changed', payload: DEFAULT_SETTINGS });
    off();
    socket().receive({ type: 'event', name: 'settings:changed', payload: DEFAULT_SETTINGS });
    expect(listener).toHaveBeenCalledTimes(1);
    api.close();
  });

  it('fails requests in flight when the link drops, then reconnects', async () => {
    vi.useFakeTimers();
    const { api, sockets, socket } = setup();
    socket().open();
    const pending = api.invoke('app:info');
    socket().close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    await vi.advanceTimersByTimeAsync(20);
    expect(sockets).toHaveLength(2);
    api.close();
    vi.useRealTimers();
  });

  it('refuses names outside the contract without sending', async () => {
    const { api, socket } = setup();
    socket().open();
    await expect((api.invoke as (name: string) => Promise<unknown>)('fs:rm')).rejects.toThrow('Unknown request "fs:rm"');
    expect(socket().sent).toEqual([]);
    api.close();
  });

  it('builds the socket URL from the page location, keeping the token', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '10.0.0.2:7860', search: '?token=a%2Bb' })).toBe('ws://10.0.0.2:7860/api?token=a%2Bb');
    expect(webSocketUrl({ protocol: 'https:', host: 'box', search: '' })).toBe('wss://box/api');
  });
});
