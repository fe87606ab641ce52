import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingStatus } from '../../../shared/training-status';
import { TrainingSupervisor } from './supervisor';
import { nodeWorkerLauncher } from './worker-handle';

const FAKE_WORKER = path.resolve(__dirname, '../../../../tests/fixtures/trainer/fake-worker.mjs');

function setup() {
  const statuses: TrainingStatus[] = [];
  let resolveFinished: (status: TrainingStatus) => void = () => undefined;
  const finished = new Promise<TrainingStatus>((resolve) => (resolveFinished = resolve));
  const supervisor = new TrainingSupervisor({
    launch: nodeWorkerLauncher({ entry: FAKE_WORKER }),
    events: { status: (s) => statuses.push(s), batch: () => undefined, log: () => undefined, finished: (s) => resolveFinished(s) },
    batchIntervalMs: 0,
  });
  return { supervisor, statuses, finished };
}

async function runDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ status: 'running' }));
  return dir;
}

const waitFor = async (predicate: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(predicate()).toBe(true);
};

describe('TrainingSupervisor', () => {
  it('runs a worker to completion and keeps the whole history', async () => {
    const { supervisor, finished } = setup();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'complete' }, backend: 'cpu' });
    const status = await finished;
    expect(status.state).toBe('completed');
    expect(status.history.map((epoch) => epoch.epoch)).toEqual([1, 2]);
    expect(status.backend?.id).toBe('cpu');
    expect(status.best?.epoch).toBe(2);
    expect(status.logs.some((line) => line.message === 'Training completed.')).toBe(true);
  });

  it('refuses a second start while a run is active', async () => {
    const { supervisor, finished } = setup();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'hold' }, backend: 'cpu' });
    expect(() => supervisor.start({ workspace: '/w', runDir: '/other', config: {}, backend: 'cpu' })).toThrow(/already/);
    supervisor.stop();
    await finished;
  });

  it('pauses, resumes and stops after the current batch', async () => {
    const { supervisor, finished } = setup();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'hold' }, backend: 'cpu' });
    await waitFor(() => supervisor.getStatus().batch !== null);
    supervisor.pause();
    await waitFor(() => supervisor.getStatus().state === 'paused');
    const batchWhilePaused = supervisor.getStatus().batch;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(supervisor.getStatus().batch).toEqual(batchWhilePaused);
    supervisor.resume();
    await waitFor(() => supervisor.getStatus().state === 'running');
    supervisor.stop();
    expect(supervisor.getStatus().state).toBe('stopping');
    expect((await finished).state).toBe('stopped');
  });

  it('turns a worker crash into a failed, restartable state and marks the run failed', async () => {
    const { supervisor, finished } = setup();
    const dir = await runDir();
    supervisor.start({ workspace: '/w', runDir: dir, config: { mode: 'crash' }, backend: 'cpu' });
    const status = await finished;
    expect(status.state).toBe('failed');
    expect(status.error).toContain('ended unexpectedly (exited with code 3');
    expect(status.history).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'))).toMatchObject({ status: 'failed' });
    // Restartable: a new run starts from the failed state.
    const again = setup();
    again.supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'complete' }, backend: 'cpu' });
    expect((await again.finished).state).toBe('completed');
  });

  it('reports a worker error message as the failure reason', async () => {
    const { supervisor, finished } = setup();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'error' }, backend: 'cpu' });
    const status = await finished;
    expect(status.state).toBe('failed');
    expect(status.error).toBe('positive/clip_1.wav: not a WAV file');
  });

  it('refuses pause and resume in the wrong state', () => {
    const { supervisor } = setup();
    expect(() => supervisor.pause()).toThrow('Cannot pause training while it is idle.');
    expect(() => supervisor.resume()).toThrow('Cannot resume training while it is idle.');
  });
});
