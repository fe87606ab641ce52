import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/serve';

/**
 * Stands in for npx: starts `wakeword serve` as its child, with npm's environment, and does not pass signals on
 * (npx does not either), so killing it orphans the server.
 */
const FAKE_NPX = `
const { spawn } = require('node:child_process');
spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
`;

describe('wakeword serve started through npx', () => {
  it('stops when the npx process that started it is killed', async () => {
    const configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-e2e-config-'));
    const npx = spawn(process.execPath, ['-e', FAKE_NPX, path.join(ROOT, 'bin', 'wakeword.js'), 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir, npm_command: 'exec' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // The server shares npx's output pipe: the pipe closes only once the server, too, has exited.
    const closed = new Promise<void>((resolve) => npx.stdout.on('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (/serving on http:\/\/\S+/.test(output)) resolve();
      };
      npx.stdout.on('data', onData);
      npx.stderr.on('data', onData);
      npx.on('exit', () => reject(new Error(`npx ended before the server started:\n${output}`)));
    });
    const url = /serving on (http:\/\/\S+)/.exec(output)?.[1] as string;
    expect((await fetch(url)).status).toBe(200);

    npx.kill('SIGTERM');
    await closed;
    expect(output).toContain('Stopping: the npx (npm) process that started it has ended.');
    await expect(fetch(url)).rejects.toThrow();
  });
});
