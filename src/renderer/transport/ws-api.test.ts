import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/api';
import { createWebSocketApi, webSocketUrl, type ConnectionState, type WebSocketLike } from './ws-api';

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

/** A transport with the default back-off whose retries are recorded and fired by the test, never by a clock. */
function backoffSetup() {
  const sockets: FakeSocket[] = [];
  const retries: { readonly delayMs: number; readonly run: () => void; cancelled: boolean }[] = [];
  const api = createWebSocketApi({
    url: 'ws://h/api',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    schedule: (run, delayMs) => {
      const retry = { delayMs, run, cancelled: false };
      retries.push(retry);
      return () => {
        retry.cancelled = true;
      };
    },
  });
  const fire = (): void => {
    const retry = retries[retries.length - 1];
    if (!retry || retry.cancelled) throw new Error('no retry is scheduled');
    retry.run();
  };
  return { api, sockets, retries, fire };
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

  it('backs off 500 ms, 1 s, 2 s, 5 s, then every 10 s while the server is away, and starts over after a success', () => {
    const { api, sockets, retries, fire } = backoffSetup();
    sockets[0]?.open();
    for (let i = 0; i < 6; i++) {
      sockets[sockets.length - 1]?.close();
      fire();
    }
    expect(retries.map((retry) => retry.delayMs)).toEqual([500, 1000, 2000, 5000, 10000, 10000]);
    expect(sockets).toHaveLength(7);
    sockets[6]?.open();
    sockets[6]?.close();
    expect(retries[6]?.delayMs).toBe(500);
    api.close();
  });

  it('reports lost and open states with failure counts and the retry delay, and counts each opening', () => {
    const { api, sockets, fire } = backoffSetup();
    const seen: ConnectionState[] = [];
    api.onConnectionChange((state) => seen.push(state));
    expect(api.connection()).toEqual({ status: 'connecting', failures: 0, retryInMs: null, openings: 0 });
    sockets[0]?.open();
    sockets[0]?.close();
    fire();
    sockets[1]?.close();
    fire();
    sockets[2]?.open();
    expect(seen).toEqual([
      { status: 'open', failures: 0, retryInMs: null, openings: 1 },
      { status: 'lost', failures: 1, retryInMs: 500, openings: 1 },
      { status: 'lost', failures: 2, retryInMs: 1000, openings: 1 },
      { status: 'open', failures: 0, retryInMs: null, openings: 2 },
    ]);
    api.close();
  });

  it('retries at once on reconnectNow, cancelling the scheduled attempt, and keeps event subscriptions across the new socket', () => {
    const { api, sockets, retries } = backoffSetup();
    const listener = vi.fn();
    api.on('settings:changed', listener);
    sockets[0]?.open();
    sockets[0]?.close();
    api.reconnectNow();
    expect(retries[0]?.cancelled).toBe(true);
    expect(sockets).toHaveLength(2);
    api.reconnectNow(); // Not lost any more (connecting): nothing to skip.
    expect(sockets).toHaveLength(2);
    sockets[1]?.open();
    sockets[1]?.receive({ type: 'event', name: 'settings:changed', payload: DEFAULT_SETTINGS });
    expect(listener).toHaveBeenCalledWith(DEFAULT_SETTINGS);
    api.close();
  });

  it('sends requests made while the link was down once it is back', async () => {
    const { api, sockets, fire } = backoffSetup();
    sockets[0]?.open();
    sockets[0]?.close();
    const pending = api.invoke('settings:get');
    fire();
    sockets[1]?.open();
    const frame = JSON.parse(sockets[1]?.sent[0] ?? '{}') as { id: number; name: string };
    expect(frame.name).toBe('settings:get');
    sockets[1]?.receive({ type: 'response', id: frame.id, envelope: { ok: true, value: DEFAULT_SETTINGS } });
    await expect(pending).resolves.toEqual(DEFAULT_SETTINGS);
    api.close();
  });

  it('stops retrying once closed', () => {
    const { api, sockets, retries } = backoffSetup();
    sockets[0]?.open();
    api.close();
    expect(retries).toEqual([]);
    expect(sockets).toHaveLength(1);
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
