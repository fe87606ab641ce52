import http from 'node:http';
import WebSocket from 'ws';
import type { Envelope } from '../../src/shared/contract/api';
import type { ServerMessage } from '../../src/shared/contract/transport';

/** A `wakeword serve` API client, as the served page is one. */
export interface ApiClient {
  readonly request: (name: string, args?: unknown) => Promise<Envelope<unknown>>;
  /** Resolves with the first event (already seen or still to come) that `match` accepts. */
  readonly event: (match: (message: ServerMessage) => boolean) => Promise<ServerMessage>;
  readonly close: () => void;
}

/** Opens the API WebSocket at `url` (e.g. ws://127.0.0.1:1234/api?token=…); rejects with "HTTP <status>" when refused. */
export function connectApi(url: string, headers: Readonly<Record<string, string>> = {}): Promise<ApiClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
    const events: ServerMessage[] = [];
    const watchers: { match: (message: ServerMessage) => boolean; resolve: (message: ServerMessage) => void; reject: (error: Error) => void }[] = [];
    let nextId = 1;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'response') {
        waiting.get(message.id)?.(message.envelope);
        return void waiting.delete(message.id);
      }
      events.push(message);
      for (const watcher of watchers.filter((w) => w.match(message))) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(message);
      }
    });
    socket.on('open', () =>
      resolve({
        request: (name, args) =>
          new Promise((done, fail) => {
            if (socket.readyState !== socket.OPEN) return fail(new Error(`socket closed before ${name}`));
            const id = nextId++;
            waiting.set(id, done);
            socket.send(JSON.stringify({ type: 'request', id, name, args }));
          }),
        event: (match) =>
          new Promise((done, fail) => {
            const seen = events.find(match);
            if (seen) return done(seen);
            if (socket.readyState !== socket.OPEN) return fail(new Error('the connection is closed'));
            watchers.push({ match, resolve: done, reject: fail });
          }),
        close: () => socket.close(),
      }),
    );
    // A server that went away must fail the test at once, not leave its requests waiting for ever.
    socket.on('close', (code) => {
      for (const [id, done] of waiting) done({ ok: false, error: { code: 'disconnected', message: `the connection closed (code ${String(code)}) before request ${String(id)} was answered` } });
      waiting.clear();
      for (const watcher of watchers.splice(0)) watcher.reject(new Error(`the connection closed (code ${String(code)}) before the awaited event`));
    });
    socket.on('error', reject);
    socket.on('unexpected-response', (_request, response) => reject(new Error(`HTTP ${String(response.statusCode)}`)));
  });
}

/** One client-to-server WebSocket frame, masked as clients must, with the given first byte (FIN, RSV bits, opcode). */
export function rawFrame(first: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([first]), length, mask, masked]);
}

/** Opens a socket, writes `frame` on it as raw bytes (or lets `frame` use the socket) and resolves with the close code. */
export function sendRaw(url: string, frame: Buffer | ((socket: WebSocket) => void)): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      if (typeof frame === 'function') frame(socket);
      else (socket as unknown as { _socket: { write(data: Buffer): void } })._socket.write(frame);
    });
    // The client may see its own protocol error first; either way the server ends the connection.
    socket.on('error', () => undefined);
    socket.on('close', (code) => resolve(code));
    socket.on('unexpected-response', () => reject(new Error('handshake refused')));
  });
}

/** An HTTP GET with the path sent exactly as given (fetch would normalise `..` away). */
export function rawGet(port: number, pathname: string, headers: Readonly<Record<string, string>> = {}, host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: pathname, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
