/**
 * window.api over the `wakeword serve` WebSocket: same contract as the Electron preload, so the panels
 * cannot tell the hosts apart. Reconnects with back-off; requests in flight when the link drops fail
 * with a `disconnected` error rather than hanging. The link's state is observable (connection,
 * onConnectionChange) for the "connection lost" banner and the refresh after reconnecting.
 */
import { ApiError, isEventName, isRequestName, unwrapEnvelope, type EventName, type EventPayloads, type WakewordApi } from '../../shared/contract/api';
import { TOKEN_PARAM, WS_PATH, type ServerMessage } from '../../shared/contract/transport';

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
  /** setTimeout by default; tests pass their own to see and fire the back-off without waiting. */
  readonly schedule?: (run: () => void, delayMs: number) => () => void;
}

export interface ConnectionState {
  /** connecting: the first attempt; open; lost: dropped (or never reached), a retry is scheduled. */
  readonly status: 'connecting' | 'open' | 'lost';
  /** Failed attempts since the link was last open (0 while open). */
  readonly failures: number;
  /** Delay before the scheduled retry, while lost. */
  readonly retryInMs: number | null;
  /** How many times the link has opened: a rise past 1 means it came back and what the page shows may be stale. */
  readonly openings: number;
}

export interface ConnectionSource {
  connection(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Skips the rest of the back-off wait and tries now. */
  reconnectNow(): void;
}

export interface WebSocketApi extends WakewordApi, ConnectionSource {
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
  const schedule =
    options.schedule ??
    ((run: () => void, delayMs: number) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: WebSocketLike;
  let cancelRetry: (() => void) | null = null;
  let state: ConnectionState = { status: 'connecting', failures: 0, retryInMs: null, openings: 0 };
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const connect = (): void => {
    cancelRetry = null;
    const current = createSocket(options.url);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      for (const frame of queue.splice(0)) current.send(frame);
      setState({ status: 'open', failures: 0, retryInMs: null, openings: state.openings + 1 });
    };
    current.onmessage = (event) => {
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
    current.onclose = () => {
      // A socket replaced by reconnectNow may still report its close: only the live one counts.
      if (current !== socket) return;
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(new ApiError({ code: 'disconnected', message: 'Lost the connection to the Wakeword Studio server; please retry.' }));
      }
      if (closed) return;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt += 1;
      setState({ status: 'lost', failures: attempt, retryInMs: delay, openings: state.openings });
      cancelRetry = schedule(connect, delay);
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
    connection: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    reconnectNow() {
      if (closed || !cancelRetry) return;
      cancelRetry();
      connect();
    },
    close() {
      closed = true;
      cancelRetry?.();
      socket.close();
    },
  };
}
