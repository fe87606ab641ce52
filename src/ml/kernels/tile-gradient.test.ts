import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend-loader';
import { registerTileGradient, tileGradient } from './tile-gradient';

// TF.js's own gradient, captured before ours replaces it: the reference every result must equal bit for bit.
const original = tf.getGradient('Tile') as tf.GradConfig;

/** Values of every magnitude and sign, so a different order of float32 additions shows in the low bits. */
function values(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const unit = state / 4294967296;
    return (unit * 2 - 1) * 10 ** Math.floor(unit * 7 - 3);
  });
}

const bits = (data: Float32Array): number[] => Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));

function originalGradient(dy: tf.Tensor, x: tf.Tensor, reps: number[]): tf.Tensor {
  const grads = original.gradFunc(dy, [x], { reps } as unknown as tf.NamedAttrMap) as Record<string, () => tf.Tensor>;
  return (grads.x as () => tf.Tensor)();
}

const CASES: { shape: number[]; reps: number[] }[] = [
  // Layer norm over a batch of 128: mean and variance [128, 1] across the features, gamma and beta [1, 128] down the batch.
  { shape: [128, 1], reps: [1, 128] },
  { shape: [1, 128], reps: [128, 1] },
  { shape: [7], reps: [33] },
  { shape: [3, 4], reps: [5, 6] },
  { shape: [2, 1, 3], reps: [3, 9, 2] },
  { shape: [1, 2, 2, 3], reps: [2, 3, 1, 4] },
  { shape: [4, 3], reps: [1, 1] },
];

describe.each(['cpu', 'wasm'] as const)('tile gradient on %s', (backend) => {
  beforeAll(async () => {
    await loadBackend(backend);
    expect(tf.getBackend()).toBe(backend);
  });

  it.each(CASES)('equals TF.js own gradient bit for bit: $shape tiled $reps', ({ shape, reps }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const outShape = shape.map((n, i) => n * (reps[i] as number));
    const [expected, actual] = tf.tidy(() => {
      const x = tf.tensor(values(size, 1), shape);
      const dy = tf.tensor(values(outShape.reduce((a, b) => a * b, 1), 2), outShape);
      return [originalGradient(dy, x, reps).dataSync() as Float32Array, tileGradient(dy, shape, reps).dataSync() as Float32Array];
    });
    expect(actual.length).toBe(size);
    expect(bits(actual)).toEqual(bits(expected));
  });

  it('replaces the registered gradient, and a layer norm gets the same gradients bit for bit through it', () => {
    // A training step's shape: dense + TF.js's LayerNormalization (which tiles its statistics and weights over
    // the batch), gradients for every weight.
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [24], units: 16, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.layerNormalization({ epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ seed: 2 }), betaInitializer: tf.initializers.randomNormal({ seed: 3 }) }),
      ],
    });
    const step = (): Float32Array[] =>
      tf.tidy(() => {
        const input = tf.tensor(values(64 * 24, 4), [64, 24]);
        const target = tf.tensor(values(64 * 16, 5), [64, 16]);
        const loss = (): tf.Scalar => tf.sum(tf.mul(tf.relu(model.apply(input) as tf.Tensor), target));
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(loss, variables);
        return variables.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array);
      });
    tf.registerGradient(original);
    const before = step();
    registerTileGradient();
    const ours = tf.getGradient('Tile');
    expect(ours).not.toBe(original);
    const after = step();
    expect(after).toHaveLength(4);
    after.forEach((grad, i) => expect(bits(grad)).toEqual(bits(before[i] as Float32Array)));
    registerTileGradient();
    expect(tf.getGradient('Tile')).toBe(ours);
    model.dispose();
  });
});
