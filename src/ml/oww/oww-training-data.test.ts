import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { TrainingConfig } from '../../shared/config/schema';
import type { SplitManifest } from '../../shared/core/dataset/manifest';
import type { EpochMetrics } from '../../shared/contract/trainer-protocol';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { pcm16Wav, synthClip, writeSyntheticWorkspace } from '../../../tests/support/synthetic-workspace';
import { loadBackend } from '../backend-loader';
import { buildModelFromConfig } from '../models/build-model';
import { MINED_FILE } from '../mining';
import { runTrainingLoop, type LoopCallbacks } from '../training-loop';
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

  it('trains on every window of a long negative recording and mines hard negatives in the loop; a resume keeps the mined set', async () => {
    await loadBackend('wasm');
    const longWorkspace = await mkdtemp(path.join(os.tmpdir(), 'oww-mine-'));
    await writeSyntheticWorkspace(longWorkspace, { positive: 10, negative: 10, hard_negative: 5 });
    // A 7.5 s speech recording as a long negative of the training split.
    const speech = await loadMonoClip(path.resolve(__dirname, '../../../tests/fixtures/oww/speech-16k.wav'), 16000);
    const talk = new Float32Array(2 * speech.length);
    talk.set(speech);
    talk.set(speech, speech.length);
    await writeFile(path.join(longWorkspace, 'data', 'raw', 'negative', 'talk.wav'), pcm16Wav(talk, 16000));
    const trainFile = path.join(longWorkspace, 'data', 'splits', 'train.json');
    const train = JSON.parse(await readFile(trainFile, 'utf8')) as SplitManifest;
    await writeFile(trainFile, JSON.stringify({ ...train, files: [...train.files, { path: 'negative/talk.wav', category: 'negative', label: 0, durationSeconds: talk.length / 16000 }] }));

    const base = owwConfig({ epochs: 4 }, 0);
    // No dropout: its masks are not seeded, and this run must replay exactly after the resume.
    const config: TrainingConfig = {
      ...base,
      model: { ...base.model, dropout: 0 },
      training: { ...base.training, long_negatives: { hop: 2, windows_per_epoch: 20 }, mining: { rounds: 2, first_epoch: 1, every: 2, top_windows: 6, min_score: 0, weight: 3 } },
    };
    const steps = Math.floor(talk.length / 1280);
    const longWindows = Math.ceil((steps - 15) / 2);
    const load = () => loadOwwTrainingData(longWorkspace, config, () => undefined, { backbone });
    const run = async (runDir: string, resumeFrom?: string): Promise<string[]> => {
      const data = await load();
      const model = buildModelFromConfig(config.model, { frames: data.frames, nMels: data.nMels }, config.training.seed);
      const logs: string[] = [];
      const callbacks: LoopCallbacks = {
        batch: () => undefined,
        epoch: () => undefined,
        checkpoint: () => undefined,
        log: (_level, message) => logs.push(message),
        waitIfPaused: () => Promise.resolve(),
        shouldStop: () => false,
      };
      await runTrainingLoop({ config, model, data, runDir, callbacks, ...(resumeFrom ? { resumeFrom } : {}) });
      return logs;
    };

    const data = await load();
    expect(data.longNegatives).toMatchObject({ recordings: 1, windows: longWindows, perEpoch: 20 });
    // Clips: 6 positives, 6 short negatives, 3 hard negatives (no copies); plus 20 long windows an epoch.
    expect(data.trainSize).toBe(15 + 20);
    expect(data.miner).toBeDefined();
    // Balanced class weights count what an epoch holds: 6 positives against 9 negative clips + 20 long windows.
    const weights = new Map<string, Set<string>>();
    for await (const batch of data.batches(1)) {
      batch.labels.forEach((label, k) => {
        const key = label === 1 ? 'positive' : 'negative';
        weights.set(key, (weights.get(key) ?? new Set()).add((batch.weights[k] as number).toFixed(4)));
      });
    }
    expect([...(weights.get('positive') ?? [])]).toEqual([(35 / 12).toFixed(4)]);
    // Negatives: plain ones (clips and long windows) 35/58, hard negatives twice that (loss.hard_negative_weight).
    expect([...(weights.get('negative') ?? [])].sort()).toEqual([(35 / 58).toFixed(4), ((2 * 35) / 58).toFixed(4)].sort());

    const runDir = path.join(longWorkspace, 'runs', 'r1');
    const logs = await run(runDir);
    const rounds = logs.filter((line) => line.startsWith('Mining round'));
    expect(rounds).toHaveLength(2);
    // Every negative window is scored: 9 short negative clips and every long window.
    expect(rounds[0]).toMatch(new RegExp(`^Mining round 1/2: scored ${String(9 + longWindows)} negative windows in \\d+\\.\\d s, added 6 \\(scores \\d\\.\\d\\d–\\d\\.\\d\\d\\); 6 mined windows now join every epoch\\.$`));
    expect(rounds[1]).toMatch(/^Mining round 2\/2: .* added 6 .*; 12 mined windows/);
    const mined = async (dir: string, epoch: number): Promise<string[]> =>
      (JSON.parse(await readFile(path.join(dir, 'checkpoints', `epoch-000${String(epoch)}`, MINED_FILE), 'utf8')) as { keys: string[] }).keys;
    expect(await mined(runDir, 2)).toHaveLength(6);
    const final = await mined(runDir, 4);
    expect(final).toHaveLength(12);
    expect(new Set(final).size).toBe(12);
    expect(final.every((key) => /^negative\/talk\.wav@\d+$|#0:0$/.test(key))).toBe(true);

    // Resume after epoch 2 into a fresh copy of the checkpoint: the mined set comes back, and round 2 mines the same windows.
    const resumedLogs = await run(runDir, path.join(runDir, 'checkpoints', 'epoch-0002'));
    expect(resumedLogs).toContain('Restored 6 mined negative windows from the checkpoint.');
    expect(resumedLogs.filter((line) => line.startsWith('Mining round'))).toHaveLength(1);
    expect(await mined(runDir, 4)).toEqual(final);

    // The resumed data replays an epoch with the mined windows exactly as the uninterrupted run had them.
    const replay = await load();
    replay.miner?.restore(await readFile(path.join(runDir, 'checkpoints', 'epoch-0002', MINED_FILE), 'utf8'), () => undefined);
    expect(replay.trainSize).toBe(15 + 20 + 6);
    tf.disposeVariables();
    await rm(longWorkspace, { recursive: true, force: true });
  }, 120_000);
});
