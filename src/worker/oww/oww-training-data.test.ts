import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { TrainingConfig } from '../../shared/config/schema';
import type { EpochMetrics } from '../../shared/trainer-protocol';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { loadBackend } from '../backend-loader';
import { buildModelFromConfig } from '../models/build-model';
import { runTrainingLoop } from '../training-loop';
import { OwwBackbone } from './backbone';
import { loadOwwTrainingData } from './oww-training-data';

function owwConfig(patch: Partial<TrainingConfig['training']> = {}, copies = 1): TrainingConfig {
  return {
    ...DEFAULT_CONFIG,
    features: { ...DEFAULT_CONFIG.features, cmvn: false },
    model: { ...DEFAULT_CONFIG.model, architecture: 'oww_dnn', dropout: 0.1, oww: { layers: 1, width: 32, augment_copies: copies } },
    training: { ...DEFAULT_CONFIG.training, batch_size: 16, epochs: 6, seed: 5, early_stopping: { ...DEFAULT_CONFIG.training.early_stopping, enabled: false }, ...patch },
    optimizer: { ...DEFAULT_CONFIG.optimizer, lr: 0.003, warmup_epochs: 0, schedule: 'constant' },
  };
}

describe('openWakeWord training data', () => {
  let backbone: OwwBackbone;
  let workspace: string;
  beforeAll(async () => {
    backbone = await OwwBackbone.load();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'oww-data-'));
    await writeSyntheticWorkspace(workspace, { positive: 10, negative: 10, hard_negative: 5 });
  });
  afterAll(async () => {
    await backbone.release();
    await rm(workspace, { recursive: true, force: true });
  });

  it('embeds every clip and its augmented copies, caches them, and a second load computes nothing', async () => {
    const progress: [number, number][] = [];
    const first = await loadOwwTrainingData(workspace, owwConfig(), (done, total) => progress.push([done, total]), { backbone });
    // Train: 6 + 6 + 3 clips x (1 clean + 1 augmented); validation: 2 + 2 + 1 clean clips.
    expect(first.trainSize).toBe(30);
    expect(first.validation.kinds).toHaveLength(5);
    expect(first.frames * first.nMels).toBe(16 * 96);
    expect(first.validation.features).toHaveLength(5 * 16 * 96);
    expect(first.cache).toMatchObject({ hits: 0, misses: 35 });
    expect(progress.at(-1)).toEqual([35, 35]);
    expect(first.validation.generalNegativeHours).toBeCloseTo(2 / 3600, 6);
    expect((await readdir(first.cache.dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(35);

    const second = await loadOwwTrainingData(workspace, owwConfig(), () => undefined, { backbone });
    expect(second.cache).toMatchObject({ hits: 35, misses: 0 });
    expect(Array.from(second.validation.features)).toEqual(Array.from(first.validation.features));
    const batch = async (data: typeof first) => {
      for await (const b of data.batches(0)) return b;
      throw new Error('no batch');
    };
    expect(Array.from((await batch(second)).features)).toEqual(Array.from((await batch(first)).features));
    // Clean and augmented copies differ.
    const positives = first.validation.kinds.filter((k) => k === 'positive').length;
    expect(positives).toBe(2);
  });

  it('recomputes a changed file, a damaged entry, and augmented copies after the augmentation settings change', async () => {
    await loadOwwTrainingData(workspace, owwConfig(), () => undefined, { backbone });
    const clip = path.join(workspace, 'data', 'raw', 'positive', 'clip_000.wav');
    await writeFile(clip, pcm16Wav(synthClip('positive', 99), 16000));
    await utimes(clip, new Date(), new Date(Date.now() + 5000));
    const cacheDir = path.join(workspace, 'cache', 'oww');
    const entries = (await readdir(cacheDir)).filter((f) => f.endsWith('.bin'));
    await writeFile(path.join(cacheDir, entries[0] as string), 'not embeddings');

    const changed = await loadOwwTrainingData(workspace, owwConfig(), () => undefined, { backbone });
    // clip_000 is a training clip: its clean and augmented copies; plus the damaged entry (if not one of them).
    expect(changed.cache.misses).toBeGreaterThanOrEqual(2);
    expect(changed.cache.misses).toBeLessThanOrEqual(3);

    const more = { ...owwConfig(), augmentation: { ...DEFAULT_CONFIG.augmentation, gain: { probability: 1, min: -3, max: 3 } } };
    const regained = await loadOwwTrainingData(workspace, more, () => undefined, { backbone });
    // Only the 15 augmented training copies depend on the augmentation settings.
    expect(regained.cache).toMatchObject({ misses: 15, hits: 20 });
  });

  it('names a broken split and refuses 22 kHz configs', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'oww-empty-'));
    await expect(loadOwwTrainingData(empty, owwConfig(), () => undefined, { backbone })).rejects.toThrow(/train\.json is missing: scan and split the dataset first/);
    await expect(loadOwwTrainingData(workspace, { ...owwConfig(), data: { ...DEFAULT_CONFIG.data, sample_rate: 22050 } }, () => undefined, { backbone })).rejects.toThrow(
      'data.sample_rate must be 16000 for oww_dnn (got 22050)',
    );
    await rm(empty, { recursive: true, force: true });
  });

  it('oww_dnn learns on the embeddings through the shared training loop: loss falls, validation separates', async () => {
    await loadBackend('wasm');
    const learnWorkspace = await mkdtemp(path.join(os.tmpdir(), 'oww-learn-'));
    await writeSyntheticWorkspace(learnWorkspace, { positive: 20, negative: 20, hard_negative: 10 });
    const config = owwConfig({ epochs: 8 });
    const data = await loadOwwTrainingData(learnWorkspace, config, () => undefined, { backbone });
    const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
    const epochs: EpochMetrics[] = [];
    const result = await runTrainingLoop({
      config,
      model,
      data,
      runDir: path.join(learnWorkspace, 'runs', 'r1'),
      callbacks: {
        batch: () => undefined,
        epoch: (m) => epochs.push(m),
        checkpoint: () => undefined,
        log: () => undefined,
        waitIfPaused: () => Promise.resolve(),
        shouldStop: () => false,
      },
    });
    expect(result.status).toBe('completed');
    expect((epochs.at(-1) as EpochMetrics).trainLoss).toBeLessThan((epochs[0] as EpochMetrics).trainLoss * 0.7);
    expect((epochs.at(-1) as EpochMetrics).valAcc).toBeGreaterThanOrEqual(0.9);
    expect(result.best).not.toBeNull();
    model.dispose();
    tf.disposeVariables();
    await rm(learnWorkspace, { recursive: true, force: true });
  }, 60_000);
});
