/**
 * window.api over the `wakeword serve` WebSocket: same contract as the Electron preload, so the panels
 * cannot tell the hosts apart. Reconnects with back-off; requests in flight when the link drops fail
 * with a `disconnected` error rather than hanging.
 */
import { ApiError, isEventName, isRequestName, unwrapEnvelope, type EventName, type EventPayloads, type WakewordApi } from '../../shared/api';
import { TOKEN_PARAM, WS_PATH, type ServerMessage } from '../../shared/transport';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketApiOptions {
  readonly url: string;
  readonly createSocket?: (url: string) => WebSocketLike;
  readonly reconnectDelaysMs?: readonly number[];
}

export interface WebSocketApi extends WakewordApi {
  close(): void;
}

const OPEN = 1;

export function webSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}${token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''}`;
}

export function createWebSocketApi(options: WebSocketApiOptions): WebSocketApi {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const delays = options.reconnectDelaysMs ?? [500, 1000, 2000, 5000, 10000];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: WebSocketLike;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    socket = createSocket(options.url);
    socket.onopen = () => {
      attempt = 0;
      for (const frame of queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const message = JSON.parse(event.data) as ServerMessage;
      if (message.type === 'response') {
        const entry = pending.get(message.id);
        if (!entry) return;
        pending.delete(message.id);
        try {
          entry.resolve(unwrapEnvelope(message.envelope));
        } catch (error) {
          entry.reject(error as Error);
        }
      } else {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    socket.onclose = () => {
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(new ApiError({ code: 'disconnected', message: 'Lost the connection to the Wakeword Studio server; please retry.' }));
      }
      if (closed) return;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt += 1;
      reconnectTimer = setTimeout(connect, delay);
    };
  };
  connect();

  return {
    host: 'serve',
    invoke(name, ...args) {
      if (!isRequestName(name)) return Promise.reject(new Error(`Unknown request "${String(name)}"`));
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, name, args: args[0] });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        if (socket.readyState === OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => {
        set.delete(wrapped);
      };
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket.close();
    },
  };
}
