/**
 * `wakeword serve`: the built renderer over HTTP plus the whole contract over one WebSocket, so the same
 * UI drives the same services from a browser (e.g. training on a headless GPU box).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../shared/contract/dispatch';
import { parseClientMessage, TOKEN_PARAM, WS_PATH, type ServerMessage } from '../shared/contract/transport';
import type { ServiceHost } from '../services/app-services';
import { hostnameOf, isLoopbackHost, readCookie, SECURITY_HEADERS, tokensEqual } from './security';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly rendererDir: string;
  readonly serviceHost: ServiceHost;
  /**
   * Defaults to a fresh random token on every host, as Jupyter does: any local user or process could otherwise
   * drive the API. null (the CLI's `--no-token`, refused off loopback) turns it off.
   */
  readonly token?: string | null;
}

export interface RunningServer {
  /** The URL to open, with the token when one is required. */
  readonly url: string;
  readonly port: number;
  readonly token: string | null;
  close(): Promise<void>;
}

const COOKIE = 'wakeword_token';
/** Frames above this close that socket (ws answers 1009); uploads travel in smaller chunks. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`The UI is not built (${indexFile} is missing): run "npm run build" first.`);
  const loopback = isLoopbackHost(options.host);
  const token = options.token === undefined ? randomBytes(24).toString('base64url') : options.token;
  if (token === null && !loopback) throw new Error(`--no-token is allowed only on a loopback address (127.0.0.0/8, ::1), not on ${options.host}: anyone who can reach it could drive the app`);

  const authorised = (request: http.IncomingMessage, url: URL): boolean =>
    token === null || tokensEqual(url.searchParams.get(TOKEN_PARAM), token) || tokensEqual(readCookie(request.headers.cookie, COOKIE), token);

  // Bound to loopback, only loopback Host names are served: this defeats DNS rebinding.
  const hostAllowed = (request: http.IncomingMessage): boolean => !loopback || isLoopbackHost(hostnameOf(request.headers.host ?? ''));

  const server = http.createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!hostAllowed(request)) return refuse(response, 403, 'Host header not allowed');
    if (!authorised(request, url)) return refuse(response, 403, 'Missing or invalid token: open the URL that "wakeword serve" printed.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed');
    if (token !== null && tokensEqual(url.searchParams.get(TOKEN_PARAM), token)) {
      response.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(options.rendererDir, url.pathname, request, response);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const origin = request.headers.origin;
    // Browsers always send Origin on WebSocket handshakes; another site's page must not drive our API.
    const sameOrigin = origin === undefined || origin === `http://${request.headers.host ?? ''}`;
    // Errors on the raw socket before the upgrade completes (a client resetting mid-handshake) end it quietly.
    socket.on('error', () => socket.destroy());
    if (url.pathname !== WS_PATH || !hostAllowed(request) || !sameOrigin || !authorised(request, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // A malformed frame (invalid UTF-8, RSV bits, over maxPayload) is an 'error' on that socket alone: ws
      // closes it with the right code; without a listener Node would end the whole server and its training.
      // No terminate() here: it could cut the connection before that close frame (1007, 1009…) is sent.
      ws.on('error', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'binary frames are not accepted');
        const message = parseClientMessage(rawDataToString(data));
        if ('error' in message) return ws.close(1008, message.error.slice(0, 120));
        void dispatch(options.serviceHost.handlers, message.name, message.args, { transport: 'websocket' }).then((envelope) => {
          // The page shows the message alone; the terminal log keeps which request failed.
          if (!envelope.ok && envelope.error.request !== undefined) console.warn(`wakeword serve: ${envelope.error.request} failed: ${envelope.error.message}`);
          send(ws, { type: 'response', id: message.id, envelope });
        });
      });
    });
  });

  const unsubscribe = options.serviceHost.bus.subscribe((name, payload) => {
    for (const client of clients) send(client, { type: 'event', name, payload } as ServerMessage);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, options.host, options.port)));
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  // After listening, a server-level error (e.g. too many open files) is reported, never fatal to training.
  server.on('error', (error) => console.error(`wakeword serve: ${error.message}`));
  wss.on('error', (error) => console.error(`wakeword serve: ${error.message}`));
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${String(port)}/${token === null ? '' : `?${TOKEN_PARAM}=${token}`}`;

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A listen failure in words a user can act on (the raw errors are EADDRINUSE, ENOTFOUND…). */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`port ${String(port)} on ${host} is already in use (another "wakeword serve"?): stop that program, or pick another port with --port N (--port 0 picks a free one)`);
    case 'EACCES':
      return new Error(`not allowed to listen on port ${String(port)} (ports below 1024 need administrator rights): pick another port with --port N, e.g. --port 7860`);
    case 'EADDRNOTAVAIL':
      return new Error(`${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every network interface) with --host`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`cannot listen on --host ${host}: no such host name or address`);
    default:
      return new Error(`cannot listen on ${host}:${String(port)}: ${error.message}`);
  }
}

function rawDataToString(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function refuse(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}

function serveStatic(root: string, pathname: string, request: http.IncomingMessage, response: http.ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return refuse(response, 400, 'Bad path');
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) return refuse(response, 403, 'Forbidden');
  if (!existsSync(file) || !statSync(file).isFile()) return refuse(response, 404, 'Not found');
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets can be cached; index.html must not be, so a rebuilt UI is picked up.
  const cache = relative === 'index.html' ? 'no-store' : 'public, max-age=3600';
  response.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache, 'Content-Length': statSync(file).size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file).pipe(response);
}
