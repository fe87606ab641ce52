import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Envelope, Settings } from '../shared/contract/api';
import type { ServerMessage } from '../shared/contract/transport';
import { createServiceHost } from '../services/app-services';
import { findProjectRoot } from '../node/project-root';
import { startServer, type RunningServer } from './serve';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function rendererDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'renderer-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

/** Loopback tests of other features run without the token (the CLI's --no-token); the token has its own tests. */
async function start(host = '127.0.0.1', token: 'off' | 'default' = 'off'): Promise<RunningServer> {
  const serviceHost = createServiceHost({ host: 'serve', root: findProjectRoot(), settingsStore: { store: {}, path: 'memory' }, warnings: [] });
  const server = await startServer({ host, port: 0, rendererDir: await rendererDir(), serviceHost, ...(token === 'off' ? { token: null } : {}) });
  running.push(server);
  return server;
}

function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      })
      .on('error', reject);
  });
}

interface Client {
  readonly request: (name: string, args?: unknown) => Promise<Envelope<unknown>>;
  readonly events: ServerMessage[];
  readonly close: () => void;
}

function connect(port: number, query = '', headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/api${query}`, { headers });
    const waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
    const events: ServerMessage[] = [];
    let nextId = 1;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'response') waiting.get(message.id)?.(message.envelope);
      else events.push(message);
    });
    socket.on('open', () =>
      resolve({
        request: (name, args) =>
          new Promise((done) => {
            const id = nextId++;
            waiting.set(id, done);
            socket.send(JSON.stringify({ type: 'request', id, name, args }));
          }),
        events,
        close: () => socket.close(),
      }),
    );
    socket.on('error', reject);
    socket.on('unexpected-response', (_request, response) => reject(new Error(`HTTP ${String(response.statusCode)}`)));
  });
}

describe('wakeword serve on loopback', () => {
  it('serves the UI with a strict CSP (token turned off)', async () => {
    const server = await start();
    expect(server.token).toBeNull();
    expect(server.url).toBe(`http://127.0.0.1:${String(server.port)}/`);
    const page = await get(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(server.port, '/assets/app.js')).headers['content-type']).toContain('text/javascript');
  });

  it('does not serve files outside the renderer folder', async () => {
    const server = await start();
    for (const attempt of ['/../package.json', '/%2e%2e/package.json', '/assets/../../etc/passwd']) {
      expect([403, 404]).toContain((await get(server.port, attempt)).status);
    }
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const server = await start();
    expect((await get(server.port, '/', { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('answers app:info over the WebSocket', async () => {
    const server = await start();
    const client = await connect(server.port);
    const envelope = await client.request('app:info');
    expect(envelope.ok).toBe(true);
    if (envelope.ok) expect(envelope.value).toMatchObject({ name: 'wakeword-studio', host: 'serve' });
    client.close();
  });

  it('validates arguments and names the field', async () => {
    const server = await start();
    const client = await connect(server.port);
    const envelope = await client.request('settings:set', { backend: 'cuda' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-args', field: 'backend' } });
    client.close();
  });

  it('refuses unknown requests', async () => {
    const server = await start();
    const client = await connect(server.port);
    expect(await client.request('fs:rm', { path: '/' })).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    client.close();
  });

  it('broadcasts events to every connected client', async () => {
    const server = await start();
    const a = await connect(server.port);
    const b = await connect(server.port);
    await a.request('settings:set', { theme: 'light' });
    await b.request('settings:get');
    const seen = b.events.find((event) => event.type === 'event' && event.name === 'settings:changed');
    expect(seen && seen.type === 'event' ? (seen.payload as Settings).theme : null).toBe('light');
    a.close();
    b.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const server = await start();
    await expect(connect(server.port, '', { Origin: 'https://evil.example' })).rejects.toThrow('403');
  });
});

describe('wakeword serve access token', () => {
  it('requires a token on loopback too, unless turned off explicitly', async () => {
    const server = await start('127.0.0.1', 'default');
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await get(server.port, '/')).status).toBe(403);
    await expect(connect(server.port)).rejects.toThrow('403');
    expect((await get(server.port, `/?token=${server.token ?? ''}`)).status).toBe(200);
  });

  it('refuses to turn the token off on an address other machines can reach', async () => {
    await expect(start('0.0.0.0', 'off')).rejects.toThrow(/only on a loopback address/);
  });

  it('requires the printed token for pages and the API on a non-loopback host', async () => {
    const server = await start('0.0.0.0', 'default');
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.url).toContain(`?token=${server.token ?? ''}`);
    const refused = await get(server.port, '/');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('token');
    expect((await get(server.port, '/?token=wrong')).status).toBe(403);
    await expect(connect(server.port)).rejects.toThrow('403');
    await expect(connect(server.port, '?token=wrong')).rejects.toThrow('403');

    const allowed = await get(server.port, `/?token=${server.token ?? ''}`);
    expect(allowed.status).toBe(200);
    const cookie = allowed.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // The cookie alone then authorises the page's assets and its WebSocket.
    const cookieHeader = cookie.split(';')[0] ?? '';
    expect((await get(server.port, '/assets/app.js', { Cookie: cookieHeader })).status).toBe(200);
    const client = await connect(server.port, '', { Cookie: cookieHeader });
    expect((await client.request('settings:get')).ok).toBe(true);
    client.close();
  });
});

/** One client-to-server WebSocket frame, masked as clients must, with the given first byte (FIN, RSV bits, opcode). */
function rawFrame(first: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([first]), length, mask, masked]);
}

/** Opens a socket, writes `frame` on it as raw bytes and resolves with the close code the server gave. */
function sendRaw(port: number, frame: Buffer | ((socket: WebSocket) => void)): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/api`);
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

describe('wakeword serve under hostile frames', () => {
  it('closes only the offending socket and keeps serving', async () => {
    const server = await start();
    const bystander = await connect(server.port);
    const attacks: [string, Buffer | ((socket: WebSocket) => void)][] = [
      ['invalid UTF-8', rawFrame(0x81, Buffer.from([0xff, 0xfe, 0xfd]))],
      ['RSV1 without an extension', rawFrame(0xc1, Buffer.from('{}'))],
      ['RSV2 and RSV3', rawFrame(0xb1, Buffer.from('{}'))],
      ['unknown opcode', rawFrame(0x83, Buffer.from('x'))],
      ['fragmented control frame', rawFrame(0x09, Buffer.from('ping'))],
      ['continuation without a start', rawFrame(0x80, Buffer.from('x'))],
      ['binary frame', rawFrame(0x82, Buffer.from([1, 2, 3]))],
      ['not JSON', rawFrame(0x81, Buffer.from('{nope'))],
      ['frame over the size limit', (socket) => socket.send('x'.repeat(4 * 1024 * 1024 + 1))],
    ];
    for (const [name, attack] of attacks) {
      const code = await sendRaw(server.port, attack);
      expect(code, name).toBeGreaterThanOrEqual(1000);
      const envelope = await bystander.request('app:info');
      expect(envelope.ok, `server answers after: ${name}`).toBe(true);
    }
    bystander.close();
  });

  it('survives a bounded run of random frames', async () => {
    const server = await start();
    const bystander = await connect(server.port);
    let seed = 42;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 40; round += 1) {
      const payload = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      await sendRaw(server.port, rawFrame(Math.floor(random() * 256), payload)).catch(() => 0);
      // Some random frames are valid but incomplete (the length says more follows): the client closes those.
    }
    expect((await bystander.request('app:info')).ok).toBe(true);
    bystander.close();
  }, 60_000);
});

describe('listen errors', () => {
  it('names a busy port and suggests --port 0', async () => {
    const first = await start();
    const serviceHost = createServiceHost({ host: 'serve', root: findProjectRoot(), settingsStore: { store: {}, path: 'memory' }, warnings: [] });
    await expect(startServer({ host: '127.0.0.1', port: first.port, rendererDir: await rendererDir(), serviceHost, token: null })).rejects.toThrow(
      new RegExp(`port ${String(first.port)} on 127\\.0\\.0\\.1 is already in use.*--port 0`),
    );
  });
});
