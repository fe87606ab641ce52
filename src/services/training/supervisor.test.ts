import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingStatus } from '../../shared/training-status';
import { PAUSED_TICK } from '../../../tests/fixtures/trainer/fake-worker-lines';
import { TrainingSupervisor } from './supervisor';
import { nodeWorkerLauncher } from '../../node/training/worker-handle';

const FAKE_WORKER = path.resolve(__dirname, '../../../tests/fixtures/trainer/fake-worker.ts');

function setup() {
  const statuses: TrainingStatus[] = [];
  /** Batches and paused ticks in the order they arrived. */
  const trace: ('batch' | 'paused-tick')[] = [];
  let resolveFinished: (status: TrainingStatus) => void = () => undefined;
  const next = (): Promise<TrainingStatus> => new Promise<TrainingStatus>((resolve) => (resolveFinished = resolve));
  let finished = next();
  const supervisor = new TrainingSupervisor({
    launch: nodeWorkerLauncher({ entry: FAKE_WORKER, execArgv: ['--import', 'tsx'] }),
    events: {
      status: (s) => statuses.push(s),
      batch: () => trace.push('batch'),
      log: (line) => {
        if (line.message === PAUSED_TICK) trace.push('paused-tick');
      },
      finished: (s) => resolveFinished(s),
    },
    batchIntervalMs: 0,
  });
  return {
    supervisor,
    statuses,
    trace,
    get finished() {
      return finished;
    },
    /** Waits for the next run's end (call before starting it). */
    nextFinished(): Promise<TrainingStatus> {
      finished = next();
      return finished;
    },
  };
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
    const { supervisor, finished, trace } = setup();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'hold' }, backend: 'cpu' });
    await waitFor(() => supervisor.getStatus().batch !== null);
    supervisor.pause();
    await waitFor(() => supervisor.getStatus().state === 'paused');
    // The batch in flight when the pause arrived may still land; after that the trainer waits, ticking.
    const ticks = (): number => trace.filter((entry) => entry === 'paused-tick').length;
    await waitFor(() => ticks() >= 3);
    const firstTick = trace.indexOf('paused-tick');
    expect(trace.slice(firstTick).filter((entry) => entry === 'batch')).toEqual([]);
    const batchWhilePaused = supervisor.getStatus().batch;
    supervisor.resume();
    await waitFor(() => supervisor.getStatus().state === 'running');
    // Training goes on from where it held.
    const batchesBefore = trace.filter((entry) => entry === 'batch').length;
    await waitFor(() => trace.filter((entry) => entry === 'batch').length > batchesBefore);
    expect(supervisor.getStatus().batch).not.toEqual(batchWhilePaused);
    supervisor.stop();
    expect(supervisor.getStatus().state).toBe('stopping');
    expect((await finished).state).toBe('stopped');
  });

  it('turns a worker crash into a failed, restartable state and marks the run failed', async () => {
    const setupResult = setup();
    const { supervisor, finished } = setupResult;
    const dir = await runDir();
    supervisor.start({ workspace: '/w', runDir: dir, config: { mode: 'crash' }, backend: 'cpu' });
    const status = await finished;
    expect(status.state).toBe('failed');
    expect(status.error).toContain('ended unexpectedly (exited with code 3');
    expect(status.history).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'))).toMatchObject({ status: 'failed' });
    // Restartable: the same supervisor starts a new run from the failed state, and that run is unaffected by the crash.
    const second = setupResult.nextFinished();
    supervisor.start({ workspace: '/w', runDir: await runDir(), config: { mode: 'complete' }, backend: 'cpu' });
    const again = await second;
    expect(again.state).toBe('completed');
    expect(again.error).toBeNull();
    expect(again.history.map((epoch) => epoch.epoch)).toEqual([1, 2]);
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

describe('TrainingSupervisor preparation progress', () => {
  it('turns counted phase messages (the embedding pass) into progress with an ETA, quarter log lines, and clears them when training starts', () => {
    let clock = 1_000_000;
    let deliver: (message: unknown) => void = () => undefined;
    const statuses: TrainingStatus[] = [];
    const logs: string[] = [];
    const supervisor = new TrainingSupervisor({
      launch: () => ({
        send: () => undefined,
        kill: () => undefined,
        onMessage: (listener) => (deliver = listener),
        onExit: () => undefined,
      }),
      events: { status: (s) => statuses.push(s), batch: () => undefined, log: (line) => logs.push(line.message), finished: () => undefined },
      batchIntervalMs: 250,
      now: () => clock,
    });
    supervisor.start({ workspace: '/w', runDir: '/w/runs/r', config: {}, backend: 'cpu' });
    const embed = (done: number): void => deliver({ type: 'phase', phase: 'preparing', detail: `Embedding audio with openWakeWord (${done}/400, 0 from the cache)`, done, total: 400 });
    embed(0);
    expect(supervisor.getStatus().state).toBe('running');
    expect(supervisor.getStatus().preparation).toEqual({ detail: 'Embedding audio with openWakeWord (0/400, 0 from the cache)', done: 0, total: 400, etaSeconds: null });
    clock += 20_000;
    embed(100);
    // 100 items in 20 s: 300 left take 60 s.
    expect(supervisor.getStatus().preparation?.etaSeconds).toBeCloseTo(60);
    const emitted = statuses.length;
    clock += 100;
    embed(101);
    expect(statuses.length).toBe(emitted);
    expect(supervisor.getStatus().preparation?.done).toBe(101);
    clock += 60_000;
    embed(400);
    expect(statuses.at(-1)?.preparation).toMatchObject({ done: 400, etaSeconds: 0 });
    expect(logs).toEqual([
      'Embedding audio with openWakeWord: 400 items',
      'Embedding audio with openWakeWord (100/400, 0 from the cache)',
      'Embedding audio with openWakeWord (400/400, 0 from the cache): done in 80.1 s',
    ]);
    deliver({ type: 'phase', phase: 'training', detail: 'Training' });
    expect(supervisor.getStatus()).toMatchObject({ phase: 'Training', preparation: null });
  });
});

describe('TrainingSupervisor early stopping', () => {
  it('keeps the early-stop report of the done message in the status, and a fresh run starts without it', () => {
    let deliver: (message: unknown) => void = () => undefined;
    const logs: string[] = [];
    const finished: TrainingStatus[] = [];
    const supervisor = new TrainingSupervisor({
      launch: () => ({ send: () => undefined, kill: () => undefined, onMessage: (listener) => (deliver = listener), onExit: () => undefined }),
      events: { status: () => undefined, batch: () => undefined, log: (line) => logs.push(line.message), finished: (s) => finished.push(s) },
    });
    supervisor.start({ workspace: '/w', runDir: '/w/runs/r', config: {}, backend: 'cpu' });
    const earlyStop = { epoch: 17, epochs: 30, patience: 8, metric: 'val_loss' };
    deliver({ type: 'done', status: 'completed', best: null, earlyStop });
    expect(supervisor.getStatus()).toMatchObject({ state: 'completed', earlyStop });
    expect(finished[0]?.earlyStop).toEqual(earlyStop);
    expect(logs.at(-1)).toBe('Training completed early: epoch 17 of 30, no improvement of val_loss in 8 epochs.');
    supervisor.start({ workspace: '/w', runDir: '/w/runs/r2', config: {}, backend: 'cpu' });
    expect(supervisor.getStatus().earlyStop ?? null).toBeNull();
  });
});
