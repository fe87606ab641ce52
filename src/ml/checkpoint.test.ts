import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkpointName, loadCheckpoint, loadModelFolder, pruneCheckpoints, saveCheckpoint, saveModelFolder, type LoopState } from './checkpoint';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

const state: LoopState = { epoch: 3, lr: 0.01, bestEpoch: 2, bestScore: 0.9, monitorBest: 0.9, epochsWithoutImprovement: 1, plateauCounter: 0 };

async function trainedPair() {
  const model = tinyModel();
  const optimizer = tf.train.adam(0.01);
  const x = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1], 'int32'), 2);
  for (let i = 0; i < 3; i++) {
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  }
  return { model, optimizer, x };
}

describe('checkpoints', () => {
  it('round-trips model weights, optimiser state and loop state', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ckpt-')), checkpointName(3));
    const { model, optimizer, x } = await trainedPair();
    await saveCheckpoint(dir, model, optimizer, state);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.state).toEqual(state);
    expect(loaded.optimizerClass).toBe('Adam');
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    const original = await optimizer.getWeights();
    expect(loaded.optimizerWeights.map((w) => w.name)).toEqual(original.map((w) => w.name));
    for (let i = 0; i < original.length; i++) {
      expect(Array.from(loaded.optimizerWeights[i]?.tensor.dataSync() ?? [])).toEqual(Array.from(original[i]?.tensor.dataSync() ?? []));
    }
  });

  it('writes a standard TF.js layers folder', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'model-')), 'best');
    const { model, x } = await trainedPair();
    await saveModelFolder(model, dir, { 'meta.json': '{"epoch":3}' });
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { format: string; weightsManifest: { paths: string[] }[] };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    const reloaded = await loadModelFolder(dir);
    expect(Array.from((reloaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('leaves the previous checkpoint loadable when a write dies half-way', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ckpt-')), 'epoch-0001');
    const { model, optimizer } = await trainedPair();
    await saveCheckpoint(dir, model, optimizer, state);
    // Fail the second overwrite part-way through: after files have started landing in the temp folder.
    const realOpen = (await import('node:fs')).promises.open;
    let calls = 0;
    const spy = vi.spyOn((await import('node:fs')).promises, 'open').mockImplementation(async (...args: Parameters<typeof realOpen>) => {
      calls += 1;
      if (calls === 3) throw new Error('ENOSPC: no space left on device');
      return realOpen(...args);
    });
    await expect(saveCheckpoint(dir, model, optimizer, { ...state, epoch: 4 })).rejects.toThrow('ENOSPC');
    spy.mockRestore();
    expect((await loadCheckpoint(dir)).state.epoch).toBe(3);
    expect(await readdir(path.dirname(dir))).toEqual(['epoch-0001']);
  });

  it('names an incomplete checkpoint', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`${dir} is not a complete checkpoint (model.json is missing)`);
  });

  it('prunes to the last K plus the protected best', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ckpts-'));
    const { model, optimizer } = await trainedPair();
    for (const epoch of [1, 2, 3, 4, 5]) await saveCheckpoint(path.join(root, checkpointName(epoch)), model, optimizer, { ...state, epoch });
    const removed = await pruneCheckpoints(root, 2, ['epoch-0002']);
    expect(removed).toEqual(['epoch-0001', 'epoch-0003']);
    expect((await readdir(root)).sort()).toEqual(['epoch-0002', 'epoch-0004', 'epoch-0005']);
  });
});
