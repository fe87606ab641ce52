import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../shared/config/schema';
import { loadBackend } from '../backend-loader';
import { buildModel, MODEL_ARCHITECTURES } from './build-model';

/** A training step as the trainer runs it: everything it creates is released by tf.tidy except the loss value. */
function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, xs: tf.Tensor, ys: tf.Tensor): number {
  return tf.tidy(() => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true) as tf.Scalar;
    return loss.dataSync()[0] as number;
  });
}

describe('memory across training steps', () => {
  it.each(MODEL_ARCHITECTURES)('%s on wasm: tf.memory().numTensors and wasm heap tensors stay flat over repeated steps', async (architecture: Architecture) => {
    await loadBackend('wasm');
    const model = buildModel(architecture, { frames: 20, nMels: 10, seed: 9, dscnn: { channels: 8, blocks: 2 }, res8: { channels: 6 }, tc_resnet8: { width_multiplier: 0.5 }, crnn: { conv_channels: 4, gru_units: 8 } });
    const optimizer = tf.train.adam(0.001);
    const xs = tf.randomNormal([4, 20, 10, 1], 0, 1, 'float32', 21);
    const ys = tf.oneHot(tf.tensor1d([1, 0, 1, 0], 'int32'), 2);
    // The first steps create the optimiser's slots (Adam's moments): those stay.
    for (let i = 0; i < 2; i++) trainStep(model, optimizer, xs, ys);
    const tensors = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) losses.push(trainStep(model, optimizer, xs, ys));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });
});
