import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import { runWakeword } from './support/cli';
import { ROOT, startServe } from './support/serve';

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
});
