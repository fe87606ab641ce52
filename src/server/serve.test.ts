import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Envelope, Settings } from '../shared/api';
import type { ServerMessage } from '../shared/transport';
import { createServiceHost } from '../main/services/app-services';
import { findProjectRoot } from '../main/services/project-root';
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

async function start(host = '127.0.0.1'): Promise<RunningServer> {
  const serviceHost = createServiceHost({ host: 'serve', root: findProjectRoot(), settingsStore: { store: {}, path: 'memory' }, warnings: [] });
  const server = await startServer({ host, port: 0, rendererDir: await rendererDir(), serviceHost });
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
  it('serves the UI with a strict CSP and no token', async () => {
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

describe('wakeword serve on a non-loopback host', () => {
  it('requires the printed token for pages and the API', async () => {
    const server = await start('0.0.0.0');
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
