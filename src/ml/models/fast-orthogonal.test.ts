import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FastOrthogonal } from './fast-orthogonal';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDifference = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('FastOrthogonal', () => {
  it.each([
    [[8, 32]],
    [[32, 8]],
    [[12, 12]],
    [[3, 3, 4, 8]],
  ])('gives the values of TF.js Orthogonal for shape %j and the same seed', (shape) => {
    const ours = new FastOrthogonal({ seed: 17, gain: 1.5 }).apply(shape);
    const theirs = tf.initializers.orthogonal({ seed: 17, gain: 1.5 }).apply(shape);
    expect(ours.shape).toEqual(shape);
    expect(maxDifference(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose([ours, theirs]);
  });

  it('returns orthonormal rows for a wide recurrent kernel, and draws anew for another seed', () => {
    const w = new FastOrthogonal({ seed: 3 }).apply([128, 512]);
    const gram = tf.matMul(w, w, false, true);
    expect(maxDifference(gram, tf.eye(128))).toBeLessThan(1e-5);
    const other = new FastOrthogonal({ seed: 4 }).apply([128, 512]);
    expect(maxDifference(w, other)).toBeGreaterThan(0.01);
    tf.dispose([w, gram, other]);
  });

  it('serialises as TF.js Orthogonal and deserialises to itself', () => {
    const layer = tf.layers.dense({ units: 4, inputShape: [4], kernelInitializer: new FastOrthogonal({ seed: 2 }) });
    const model = tf.sequential({ layers: [layer] });
    const json = JSON.stringify(model.toJSON(undefined, false));
    expect(json).toContain('"class_name":"Orthogonal"');
    const restored = tf.layers.dense({ units: 1, kernelInitializer: 'orthogonal' }) as unknown as { kernelInitializer: unknown };
    expect(restored.kernelInitializer).toBeInstanceOf(FastOrthogonal);
    model.dispose();
  });
});
