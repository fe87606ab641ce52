import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import type { TrainingConfig } from '../shared/config/schema';
import type { ClipKind } from '../shared/core/metrics';
import { createRng, shuffleInPlace } from '../shared/core/audio/rng';
import type { BatchProgress, BestModel, EpochMetrics } from '../shared/contract/trainer-protocol';
import { loadCheckpoint, loadModelFolder } from './checkpoint';
import { runTrainingLoop, type Batch, type LoopCallbacks, type LoopData } from './training-loop';

const FRAMES = 6;
const MELS = 4;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A separable toy task: positives have energy in the upper mel bins, negatives in the lower ones. */
function toyData(count: number, seed: number): { features: Float32Array; kinds: ClipKind[] } {
  let s = seed;
  const noise = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 0.6;
  };
  const features = new Float32Array(count * FRAMES * MELS);
  const kinds: ClipKind[] = [];
  for (let i = 0; i < count; i++) {
    const positive = i % 3 === 0;
    kinds.push(positive ? 'positive' : i % 3 === 1 ? 'negative' : 'hard_negative');
    for (let f = 0; f < FRAMES; f++) {
      for (let m = 0; m < MELS; m++) features[(i * FRAMES + f) * MELS + m] = (positive === m >= MELS / 2 ? 1 : 0) + noise();
    }
  }
  return { features, kinds };
}

function loopData(): LoopData {
  const train = toyData(48, 1);
  return {
    frames: FRAMES,
    nMels: MELS,
    trainSize: 48,
    async *batches(epoch: number): AsyncIterable<Batch> {
      const order = shuffleInPlace(Array.from({ length: 48 }, (_, i) => i), createRng(epoch));
      for (let start = 0; start < order.length; start += 16) {
        const ids = order.slice(start, start + 16);
        const features = new Float32Array(ids.length * FRAMES * MELS);
        ids.forEach((id, k) => features.set(train.features.subarray(id * FRAMES * MELS, (id + 1) * FRAMES * MELS), k * FRAMES * MELS));
        yield {
          features,
          labels: Int32Array.from(ids.map((id) => (train.kinds[id] === 'positive' ? 1 : 0))),
          weights: new Float32Array(ids.length).fill(1),
          size: ids.length,
        };
      }
    },
    validation: { ...toyData(30, 2), generalNegativeHours: 0.5 },
  };
}

/** Seeded, so every run of a test starts from the same weights (an unlucky draw made accuracy flaky). */
function toyModel(seed = 7): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [FRAMES, MELS, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  // Momentum 0.9 (PyTorch's default) lets the moving statistics settle within a short run.
  model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

function config(patch: (c: TrainingConfig) => TrainingConfig = (c) => c): TrainingConfig {
  return patch({
    ...DEFAULT_CONFIG,
    training: { ...DEFAULT_CONFIG.training, epochs: 6, batch_size: 16, seed: 3, early_stopping: { ...DEFAULT_CONFIG.training.early_stopping, enabled: false }, checkpoint: { keep_last: 2, save_best: true } },
    optimizer: { ...DEFAULT_CONFIG.optimizer, type: 'adam', lr: 0.05, warmup_epochs: 0, schedule: 'constant', weight_decay: 0 },
    selection: { ...DEFAULT_CONFIG.selection, target_fah: 2 },
  });
}

function recorder(stopAfterBatches = Infinity): LoopCallbacks & { epochs: EpochMetrics[]; batches: BatchProgress[] } {
  const epochs: EpochMetrics[] = [];
  const batches: BatchProgress[] = [];
  return {
    epochs,
    batches,
    batch: (p) => batches.push(p),
    epoch: (m) => epochs.push(m),
    checkpoint: () => undefined,
    log: () => undefined,
    waitIfPaused: () => Promise.resolve(),
    shouldStop: () => batches.length >= stopAfterBatches,
  };
}

describe('runTrainingLoop', () => {
  it('learns a separable task: loss falls, accuracy well above chance, best model and checkpoints written', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    const callbacks = recorder();
    const result = await runTrainingLoop({ config: config(), model: toyModel(), data: loopData(), runDir, callbacks });
    expect(result.status).toBe('completed');
    expect(callbacks.epochs).toHaveLength(6);
    expect(result.earlyStop).toBeNull();
    const first = callbacks.epochs[0] as EpochMetrics;
    const last = callbacks.epochs[5] as EpochMetrics;
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.valAcc).toBeGreaterThan(0.8);
    expect(callbacks.batches.at(-1)).toMatchObject({ epoch: 6, batch: 3, batches: 3 });
    expect(result.best?.path).toBe(path.join(runDir, 'best'));
    expect((await readdir(path.join(runDir, 'checkpoints'))).length).toBeLessThanOrEqual(3);
    const best = await loadModelFolder(path.join(runDir, 'best'));
    expect(best.outputs[0]?.shape).toEqual([null, 2]);
  });

  it('reports early stopping with the epoch it stopped at and the configured epochs', async () => {
    // No batch normalisation and a zero learning rate: every epoch scores the same, so nothing ever improves.
    const frozen = tf.sequential();
    frozen.add(tf.layers.flatten({ inputShape: [FRAMES, MELS, 1] }));
    frozen.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
    const patience = config((c) => ({
      ...c,
      training: { ...c.training, early_stopping: { ...c.training.early_stopping, enabled: true, patience: 2 } },
      optimizer: { ...c.optimizer, lr: 0 },
    }));
    const callbacks = recorder();
    const result = await runTrainingLoop({ config: patience, model: frozen, data: loopData(), runDir: await mkdtemp(path.join(os.tmpdir(), 'run-')), callbacks });
    expect(result.status).toBe('completed');
    expect(callbacks.epochs).toHaveLength(3);
    expect(result.earlyStop).toEqual({ epoch: 3, epochs: 6, patience: 2, metric: patience.training.early_stopping.metric });
  });

  it('stops after the current batch and still writes a checkpoint', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    const callbacks = recorder(4);
    const result = await runTrainingLoop({ config: config(), model: toyModel(), data: loopData(), runDir, callbacks });
    expect(result.status).toBe('stopped');
    expect(callbacks.batches).toHaveLength(4);
    expect(await readdir(path.join(runDir, 'checkpoints'))).toContain('epoch-0002');
  });

  it('hears a stop sent by an event (as the worker’s messages arrive) before the next batch, not at the epoch end', async () => {
    // Batches come without any I/O wait, like cached embeddings: a stop set from a macrotask queued during the
    // first batch must be seen before the second one, and a draw from Math.random there must not shift the
    // epoch's seeded generator (the dropout masks).
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    let stop = false;
    const drawn: number[] = [];
    const callbacks = {
      ...recorder(),
      batch: (p: BatchProgress) => {
        callbacks.batches.push(p);
        if (callbacks.batches.length === 1) {
          setImmediate(() => {
            drawn.push(Math.random());
            stop = true;
          });
        }
      },
      shouldStop: () => stop,
    };
    const result = await runTrainingLoop({ config: config(), model: toyModel(), data: loopData(), runDir, callbacks });
    expect(result.status).toBe('stopped');
    expect(callbacks.batches).toHaveLength(2);
    expect(drawn).toHaveLength(1);
    // The draw came from the process's generator, not the epoch's (seeded by training.seed 3 and epoch 1).
    expect(drawn[0]).not.toBe(createRng((3 ^ Math.imul(1, 0x9e3779b1)) >>> 0).next());
  });

  it('resumes from a checkpoint at the next epoch and reproduces an uninterrupted run exactly', async () => {
    const initial = toyModel().getWeights().map((w) => w.clone());
    const fromInitial = (): tf.LayersModel => {
      const model = toyModel();
      model.setWeights(initial);
      return model;
    };
    const epochs = (n: number, keep = 5) => config((c) => ({ ...c, training: { ...c.training, epochs: n, checkpoint: { keep_last: keep, save_best: true } } }));

    const straight = recorder();
    await runTrainingLoop({ config: epochs(4), model: fromInitial(), data: loopData(), runDir: await mkdtemp(path.join(os.tmpdir(), 'run-')), callbacks: straight });

    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    await runTrainingLoop({ config: epochs(2), model: fromInitial(), data: loopData(), runDir, callbacks: recorder() });
    const checkpoint = path.join(runDir, 'checkpoints', 'epoch-0002');
    expect((await loadCheckpoint(checkpoint)).state.epoch).toBe(2);
    const resumed = recorder();
    await runTrainingLoop({ config: epochs(4), model: toyModel(), data: loopData(), runDir, callbacks: resumed, resumeFrom: checkpoint });

    expect(resumed.epochs.map((m) => m.epoch)).toEqual([3, 4]);
    expect(resumed.batches[0]?.epoch).toBe(3);
    // Same weights, optimiser moments, batch order (a function of the epoch) and schedule: the same numbers as never stopping.
    for (const [i, m] of resumed.epochs.entries()) {
      const reference = straight.epochs[i + 2] as EpochMetrics;
      expect(m.trainLoss).toBeCloseTo(reference.trainLoss, 5);
      expect(m.valLoss).toBeCloseTo(reference.valLoss, 5);
    }
  });

  it('a resumed run keeps its previous best unless beaten, and each checkpoint carries the history and best', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    const first = await runTrainingLoop({ config: config((c) => ({ ...c, training: { ...c.training, epochs: 2 } })), model: toyModel(), data: loopData(), runDir, callbacks: recorder() });
    const checkpoint = path.join(runDir, 'checkpoints', 'epoch-0002');
    const before = await loadCheckpoint(checkpoint);
    expect(before.history?.map((m) => m.epoch)).toEqual([1, 2]);
    expect(before.best?.epoch).toBe(first.best?.epoch);
    // A best no later epoch can beat: the resumed epochs must leave it (and best/) alone.
    await writeFile(path.join(checkpoint, 'state.json'), JSON.stringify({ ...before.state, bestScore: 1e9 }));
    const bests: (number | null)[] = [];
    const resumed = { ...recorder(), epoch: (_m: EpochMetrics, best: BestModel | null) => bests.push(best?.epoch ?? null) };
    const result = await runTrainingLoop({ config: config((c) => ({ ...c, training: { ...c.training, epochs: 4 } })), model: toyModel(), data: loopData(), runDir, callbacks: resumed, resumeFrom: checkpoint });
    expect(bests).toEqual([first.best?.epoch, first.best?.epoch]);
    expect(result.best?.epoch).toBe(first.best?.epoch);
    expect((JSON.parse(await readFile(path.join(runDir, 'best', 'best.json'), 'utf8')) as BestModel).epoch).toBe(first.best?.epoch);
    const last = await loadCheckpoint(path.join(runDir, 'checkpoints', 'epoch-0004'));
    expect(last.history?.map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    expect(last.best?.epoch).toBe(first.best?.epoch);
  });

  it('keeps tf.memory() stable across epochs', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'run-'));
    const counts: number[] = [];
    const callbacks = { ...recorder(), epoch: () => counts.push(tf.memory().numTensors) };
    await runTrainingLoop({ config: config((c) => ({ ...c, training: { ...c.training, ema: { enabled: true, decay: 0.9 } }, optimizer: { ...c.optimizer, grad_clip: 1, weight_decay: 0.01 } })), model: toyModel(), data: loopData(), runDir, callbacks });
    expect(counts).toHaveLength(6);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });
});
