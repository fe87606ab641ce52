/**
 * The real `wakeword serve` process under every hostile input the "serve locked down" issue names: the 14 it
 * found refused already (foreign origins, bad JSON, unknown requests, wrong argument types, static-file
 * traversal; the issue gives only those five groups, so each row names one concrete attempt of a group) and the
 * 14 gaps it reported (no token on loopback and on 127.0.0.2, nine ways to reach files outside the workspace,
 * three malformed frames), then a bounded run of random frames. Each row checks its own refusal, then that the
 * server still answers; a training started over the API keeps running through all of it.
 */
import { mkdir, mkdtemp, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../src/shared/contract/api';
import type { TrainingStatus } from '../src/shared/training-status';
import type { ServerMessage } from '../src/shared/contract/transport';
import { DEFAULT_CONFIG } from '../src/shared/config/defaults';
import { pcm16Wav, writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { startServe, type ServeProcess } from './support/serve';
import { connectApi, rawFrame, rawGet, sendRaw, type ApiClient } from './support/ws-client';

const SECRET = 'secret.wav';
const KEY = 'PRIVATE KEY';

let serve: ServeProcess;
let port = 0;
let token = '';
let api = '';
let client: ApiClient;
let workspace = '';
let outside = '';
let outsideBefore: string[] = [];

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

const wav = (): Buffer => Buffer.from(pcm16Wav(Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 9) * 0.3), 16000));

beforeAll(async () => {
  const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wakeword-hostile-')));
  workspace = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  await writeSyntheticWorkspace(workspace, { positive: 12, negative: 12, hard_negative: 0 });
  await mkdir(path.join(outside, 'private'), { recursive: true });
  await writeFile(path.join(outside, SECRET), wav());
  await writeFile(path.join(outside, 'private', 'id_rsa'), KEY);
  // Links planted inside the workspace that lead out of it.
  await symlink(path.join(outside, SECRET), path.join(workspace, 'data', 'raw', 'negative', 'link.wav'));
  await symlink(outside, path.join(workspace, 'data', 'raw', 'negative', 'escape'));
  // A finished-looking run to aim exports at (the training below is still running).
  await mkdir(path.join(workspace, 'runs', 'r1', 'best'), { recursive: true });
  await writeFile(path.join(workspace, 'runs', 'r1', 'config.json'), JSON.stringify(DEFAULT_CONFIG));
  await writeFile(path.join(workspace, 'runs', 'r1', 'best', 'model.json'), '{}');
  outsideBefore = await listTree(outside);

  serve = await startServe({ workspace });
  const url = new URL(serve.url);
  port = Number(url.port);
  token = url.searchParams.get('token') ?? '';
  api = `ws://127.0.0.1:${String(port)}/api?token=${token}`;
  client = await connectApi(api);
});

afterAll(async () => {
  client.close();
  await serve.stop();
});

/** The refusal every outside path gets: it names the rule, never whether or what the file is. */
function expectConfined(envelope: Envelope<unknown>): void {
  expect(envelope.ok).toBe(false);
  if (!envelope.ok) {
    expect(envelope.error.message).toMatch(/not (a file |a path |a folder )?inside|must lie inside the workspace's exports/);
    expect(envelope.error.message).not.toContain(KEY);
  }
}

const wsPath = (pathname: string, query = `?token=${token}`): string => `ws://127.0.0.1:${String(port)}${pathname}${query}`;

interface Kind {
  readonly name: string;
  /** Sends the input and checks the server refused it. */
  readonly send: () => Promise<void>;
}

const BEFORE_THE_ISSUE: readonly Kind[] = [
  { name: 'WebSocket from a foreign Origin', send: () => expect(connectApi(api, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403') },
  { name: 'WebSocket with a foreign Host (DNS rebinding)', send: () => expect(connectApi(api, { Host: `evil.example:${String(port)}` })).rejects.toThrow('HTTP 403') },
  { name: 'page with a foreign Host (DNS rebinding)', send: async () => expect((await rawGet(port, `/?token=${token}`, { Host: 'evil.example' })).status).toBe(403) },
  { name: 'WebSocket on a path other than /api', send: () => expect(connectApi(wsPath('/socket'))).rejects.toThrow('HTTP 403') },
  { name: 'text frame that is not JSON', send: async () => expect(await sendRaw(api, rawFrame(0x81, Buffer.from('{nope')))).toBe(1008) },
  { name: 'JSON that is not a request (an array)', send: async () => expect(await sendRaw(api, rawFrame(0x81, Buffer.from('[1,2]')))).toBe(1008) },
  { name: 'request without an id', send: async () => expect(await sendRaw(api, rawFrame(0x81, Buffer.from('{"type":"request","name":"app:info"}')))).toBe(1008) },
  { name: 'message of an unknown type', send: async () => expect(await sendRaw(api, rawFrame(0x81, Buffer.from('{"type":"event","id":1,"name":"app:info"}')))).toBe(1008) },
  { name: 'unknown request name', send: async () => expect(await client.request('fs:rm', { path: '/' })).toMatchObject({ ok: false, error: { code: 'unknown-request' } }) },
  { name: 'argument of the wrong type', send: async () => expect(await client.request('settings:set', { backend: 'cuda' })).toMatchObject({ ok: false, error: { code: 'invalid-args', field: 'backend' } }) },
  { name: 'arguments that are not an object', send: async () => expect(await client.request('training:run', 'r1')).toMatchObject({ ok: false, error: { code: 'invalid-args' } }) },
  { name: 'argument the request does not take', send: async () => expect(await client.request('training:run', { id: 'r1', path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid-args' } }) },
  {
    name: 'static file traversal with ..',
    send: async () => {
      for (const attempt of ['/../package.json', '/assets/../../etc/passwd']) expect([403, 404], attempt).toContain((await rawGet(port, `${attempt}?token=${token}`)).status);
    },
  },
  {
    name: 'static file traversal percent-encoded',
    send: async () => {
      for (const attempt of ['/%2e%2e/package.json', '/..%2f..%2fetc%2fpasswd', '/%E0%A4%A']) expect([400, 403, 404], attempt).toContain((await rawGet(port, `${attempt}?token=${token}`)).status);
    },
  },
];

const ISSUE_GAPS: readonly Kind[] = [
  {
    name: 'no token on loopback',
    send: async () => {
      expect((await rawGet(port, '/')).status).toBe(403);
      await expect(connectApi(wsPath('/api', ''))).rejects.toThrow('HTTP 403');
      await expect(connectApi(wsPath('/api', '?token=wrong'))).rejects.toThrow('HTTP 403');
    },
  },
  {
    name: 'no token on 127.0.0.2',
    send: async () => {
      const other = await startServe({ host: '127.0.0.2' });
      try {
        const otherUrl = new URL(other.url);
        expect(otherUrl.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect((await rawGet(Number(otherUrl.port), '/', {}, '127.0.0.2')).status).toBe(403);
        await expect(connectApi(`ws://127.0.0.2:${otherUrl.port}/api`)).rejects.toThrow('HTTP 403');
      } finally {
        await other.stop();
      }
    },
  },
  { name: 'detection:segment-audio of a WAV outside', send: async () => expectConfined(await client.request('detection:segment-audio', { file: path.join(outside, SECRET), start: 0, end: 0.5 })) },
  { name: 'detection:run on a WAV outside', send: async () => expectConfined(await client.request('detection:run', { runId: 'r1', file: path.join(outside, SECRET) })) },
  { name: 'detection:save-candidate from a WAV outside', send: async () => expectConfined(await client.request('detection:save-candidate', { file: path.join(outside, SECRET), start: 0, end: 0.5 })) },
  {
    name: 'dataset:import-paths of the home folder',
    send: async () => {
      const envelope = await client.request('dataset:import-paths', { category: 'negative', paths: [outside, path.join(outside, 'private', 'id_rsa')] });
      expect(envelope.ok).toBe(true);
      const result = envelope.ok ? (envelope.value as { imported: unknown[]; skipped: { source: string }[] }) : null;
      expect(result?.imported).toEqual([]);
      // Refused as a whole: nothing under the folder is listed back.
      expect(result?.skipped.some((file) => file.source.includes('id_rsa') && !file.source.endsWith(path.join('private', 'id_rsa')))).toBe(false);
      expect(JSON.stringify(envelope)).not.toContain(KEY);
    },
  },
  { name: 'export:run to ../../outside', send: async () => expectConfined(await client.request('export:run', { runId: 'r1', format: 'oww', outDir: '../../outside/x' })) },
  { name: 'export:run to an absolute path', send: async () => expectConfined(await client.request('export:run', { runId: 'r1', format: 'oww', outDir: path.join(outside, 'abs') })) },
  { name: 'evaluation:clip through a link in data/raw', send: async () => expectConfined(await client.request('evaluation:clip', { path: 'negative/link.wav' })) },
  { name: 'evaluation:add-hard-negative through a link in data/raw', send: async () => expectConfined(await client.request('evaluation:add-hard-negative', { path: 'negative/link.wav' })) },
  {
    name: 'upload into a folder that links outside',
    send: async () => {
      const data = wav();
      const envelope = await client.request('dataset:import-upload', { uploadId: 'hostile-upload-1', category: 'negative', name: 'escape/planted.wav', size: data.length, offset: 0, data: data.toString('base64'), last: true });
      expectConfined(envelope);
      expect(await listTree(outside)).toEqual(outsideBefore);
    },
  },
  { name: 'invalid UTF-8 frame', send: async () => expect(await sendRaw(api, rawFrame(0x81, Buffer.from([0xff, 0xfe, 0xfd])))).toBe(1007) },
  { name: 'frame over 4 MiB', send: async () => expect(await sendRaw(api, (socket) => socket.send('x'.repeat(4 * 1024 * 1024 + 1)))).toBe(1009) },
  { name: 'frame with RSV1 set', send: async () => expect(await sendRaw(api, rawFrame(0xc1, Buffer.from('{}')))).toBe(1002) },
];

const KINDS = [...BEFORE_THE_ISSUE, ...ISSUE_GAPS];

const isStatus = (match: (status: TrainingStatus) => boolean) => (message: ServerMessage) =>
  message.type === 'event' && message.name === 'training:status' && match(message.payload as TrainingStatus);

describe('wakeword serve under hostile inputs', () => {
  it('has the 28 kinds the issue names, each once', () => {
    expect(BEFORE_THE_ISSUE).toHaveLength(14);
    expect(ISSUE_GAPS).toHaveLength(14);
    expect(new Set(KINDS.map((kind) => kind.name)).size).toBe(28);
  });

  it('refuses each kind, keeps answering after every one, and a training it runs keeps running', async () => {
    const started = await client.request('training:start', { preset: 'fast', sets: ['training.epochs=1000', 'training.batch_size=4', 'training.early_stopping.enabled=false'] });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    await client.event(isStatus((status) => status.state === 'running' && status.history.length >= 1));

    const survived: string[] = [];
    for (const kind of KINDS) {
      await kind.send();
      const info = await client.request('app:info');
      expect(info.ok, `server answers after: ${kind.name}`).toBe(true);
      expect(await listTree(outside), `nothing outside changed after: ${kind.name}`).toEqual(outsideBefore);
      survived.push(kind.name);
    }
    expect(survived).toHaveLength(28);

    // A bounded run of random frames (seeded, so a failure replays).
    let seed = 42;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 40; round += 1) {
      const payload = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      // Some random frames are valid but incomplete (the length says more follows): the client closes those.
      await sendRaw(api, rawFrame(Math.floor(random() * 256), payload)).catch(() => 0);
    }
    expect((await client.request('app:info')).ok).toBe(true);
    expect(await readFile(path.join(outside, 'private', 'id_rsa'), 'utf8')).toBe(KEY);

    // The training lived through all of it: it reports a further epoch, then stops when asked.
    const status = await client.request('training:status');
    const epochs = status.ok ? (status.value as TrainingStatus).history.length : 0;
    await client.event(isStatus((s) => s.state === 'running' && s.history.length > epochs));
    expect((await client.request('training:stop')).ok).toBe(true);
    await client.event(isStatus((s) => s.state === 'stopped'));
  });
});
