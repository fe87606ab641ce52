import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { runWakeword } from './support/cli';
import { ROOT, startServe } from './support/serve';
import { connectApi } from './support/ws-client';

describe('the CLI under careless use', () => {
  it('ends quietly when the reader of its output goes away (scan | head)', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-epipe-'));
    await writeSyntheticWorkspace(workspace, { positive: 3, negative: 3, hard_negative: 0 });
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), 'scan', '--workspace', workspace, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Close our end before the command writes: its first write then fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
  });

  it('says a workspace given as a file is a file', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'wakeword-file-')), 'notes.txt');
    await writeFile(file, 'x');
    const run = await runWakeword(['train', '--workspace', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`workspace ${file} is a file, not a folder`);
  });

  it('serves with a warning when its settings folder cannot be used', async () => {
    const blocker = path.join(await mkdtemp(path.join(os.tmpdir(), 'wakeword-cfg-')), 'file');
    await writeFile(blocker, 'x');
    const serve = await startServe({ env: { WAKEWORD_CONFIG_DIR: path.join(blocker, 'config') } });
    try {
      expect(serve.output()).toMatch(/warning: Settings file .* cannot be opened \(ENOTDIR\)/);
      expect(serve.url).toContain('?token=');
    } finally {
      await serve.stop();
    }
  });

  // Root (as here and in many CI containers) ignores file modes, so a chmod'ed folder proves nothing. A read-only
  // mount refuses root too (EROFS); e2e/support/enospc.cjs gives the real process one without mount rights.
  it('serves with settings on a read-only file system: reported, stored settings kept, changes live for the session only', async () => {
    const configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-cfg-ro-'));
    const stored = `${JSON.stringify({ theme: 'dark' })}\n`;
    await writeFile(path.join(configDir, 'settings.json'), stored);
    const readOnly = {
      WAKEWORD_CONFIG_DIR: configDir,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(ROOT, 'e2e', 'support', 'enospc.cjs')}`.trim(),
      WAKEWORD_TEST_DISK_DIR: configDir,
      WAKEWORD_TEST_DISK_READONLY: '1',
    };
    const serve = await startServe({ env: readOnly });
    try {
      expect(serve.output()).toContain(`warning: Settings in ${path.join(configDir, 'settings.json')} are read-only (EROFS): the app runs with them, but changes will not be saved.`);
      const url = new URL(serve.url);
      const client = await connectApi(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token') ?? ''}`);
      expect(await client.request('settings:get')).toMatchObject({ ok: true, value: { theme: 'dark' } });
      expect(await client.request('settings:set', { theme: 'light' })).toMatchObject({ ok: true, value: { theme: 'light' } });
      expect(await client.request('settings:get')).toMatchObject({ ok: true, value: { theme: 'light' } });
      client.close();
    } finally {
      await serve.stop();
    }
    // Not moved aside as corrupt, not rewritten.
    expect(await readdir(configDir)).toEqual(['settings.json']);
    expect(await readFile(path.join(configDir, 'settings.json'), 'utf8')).toBe(stored);
  });
});
