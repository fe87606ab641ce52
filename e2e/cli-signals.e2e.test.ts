import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticWorkspace } from '../tests/support/synthetic-workspace';
import type { TrainingStatus } from '../src/shared/training-status';
import { ROOT, startServe } from './support/serve';
import { connectApi } from './support/ws-client';

interface Training {
  readonly pid: number;
  /** Resolves with the run folder once the first epoch has been reported. */
  readonly firstEpoch: Promise<string>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** `wakeword train --json` in its own process group, as a terminal runs it, long enough to be interrupted. */
async function startTraining(): Promise<Training> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-signals-'));
  await writeSyntheticWorkspace(workspace, { positive: 12, negative: 12, hard_negative: 0 });
  const configDir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-cli-config-'));
  const args = ['train', '--workspace', workspace, '--preset', 'fast', '--set', 'training.epochs=200', '--set', 'training.batch_size=4', '--set', 'training.early_stopping.enabled=false', '--json'];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wakeword.js'), ...args], { cwd: ROOT, detached: true, env: { ...process.env, WAKEWORD_CONFIG_DIR: configDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstEpoch = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/"type":"epoch"/.test(stdout)) resolve(path.join(workspace, 'runs'));
    });
    child.once('exit', () => reject(new Error(`training ended before its first epoch:\n${stdout}\n${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { pid: child.pid as number, firstEpoch, exit };
}

async function onlyRun(runs: string): Promise<{ dir: string; meta: { status: string; lastEpoch?: number } }> {
  const [name] = await readdir(runs);
  const dir = path.join(runs, name ?? '');
  return { dir, meta: JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as { status: string; lastEpoch?: number } };
}

describe('wakeword train and signals', () => {
  it('stops after the batch with a checkpoint on Ctrl-C to the whole process group', async () => {
    const training = await startTraining();
    const runs = await training.firstEpoch;
    process.kill(-training.pid, 'SIGINT');
    const { code, stderr } = await training.exit;
    expect(stderr).toContain('Ctrl-C: stopping after the current batch');
    expect(code).toBe(0);
    const { dir, meta } = await onlyRun(runs);
    expect(meta.status).toBe('stopped');
    const checkpoints = await readdir(path.join(dir, 'checkpoints'));
    expect(checkpoints.length).toBeGreaterThan(0);
  });

  it('treats SIGTERM to the CLI like a first Ctrl-C', async () => {
    const training = await startTraining();
    const runs = await training.firstEpoch;
    process.kill(training.pid, 'SIGTERM');
    const { code, stderr } = await training.exit;
    expect(stderr).toContain('SIGTERM: stopping after the current batch');
    expect(code).toBe(0);
    expect((await onlyRun(runs)).meta.status).toBe('stopped');
  });

  it('an orphaned trainer (its CLI killed with -9) stops after the batch and records it', async () => {
    const training = await startTraining();
    const runs = await training.firstEpoch;
    process.kill(training.pid, 'SIGKILL');
    await training.exit;
    // The trainer outlives its parent only until its batch ends; wait for it to write its final state.
    let meta = (await onlyRun(runs)).meta;
    for (let i = 0; i < 600 && meta.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      meta = (await onlyRun(runs)).meta;
    }
    expect(meta.status).toBe('stopped');
    expect(existsSync(path.join((await onlyRun(runs)).dir, 'checkpoints'))).toBe(true);
  });

  it('SIGTERM to serve stops the training it runs after the batch, records it stopped, then exits', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'wakeword-signals-serve-'));
    await writeSyntheticWorkspace(workspace, { positive: 12, negative: 12, hard_negative: 0 });
    const serve = await startServe({ workspace });
    const url = new URL(serve.url);
    const client = await connectApi(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token') ?? ''}`);
    const started = await client.request('training:start', { preset: 'fast', sets: ['training.epochs=1000', 'training.batch_size=4', 'training.early_stopping.enabled=false'] });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const status = (match: (s: TrainingStatus) => boolean) => client.event((m) => m.type === 'event' && m.name === 'training:status' && match(m.payload as TrainingStatus));
    await status((s) => s.state === 'running' && s.history.length >= 1);
    // Before the fix serve printed "Stopping." and then trained on: the trainer kept it alive (or a re-raised signal killed it).
    await serve.stop();
    expect(serve.output()).toContain('The training in progress stops after its current batch, with a checkpoint');
    expect((await status((s) => s.state === 'stopped')).type).toBe('event');
    const { dir, meta } = await onlyRun(path.join(workspace, 'runs'));
    expect(meta.status).toBe('stopped');
    expect((await readdir(path.join(dir, 'checkpoints'))).length).toBeGreaterThan(0);
  });
});
