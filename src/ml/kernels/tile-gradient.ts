/**
 * Tile's gradient in a handful of ops instead of one slice and one add per repetition. TF.js's own gradient
 * loops over the repetitions, and LayerNormalization tiles its mean, variance, gamma and beta over the whole
 * batch: with oww_dnn's two layer norms that was about 2,000 ops per training step, half the step's time on
 * wasm. The sum stays the same sequence of float32 additions, in the same order, starting from zero (a
 * cumulative sum is sequential by definition), so gradients, and the models trained with them, are bit for
 * bit what they were; only the op count changes.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The gradient of tile(x, reps) for x of shape `shape`: dy summed over the repetitions in TF.js's loop order
 * (the first repeated axis outermost), i.e. ((0 + dy[rep 0]) + dy[rep 1]) + ... in float32.
 */
export function tileGradient(dy: tf.Tensor, shape: readonly number[], reps: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const size = shape.reduce((a, b) => a * b, 1);
    const count = reps.reduce((a, b) => a * b, 1);
    // dy is laid out as [r0, x0, r1, x1, ...]: move the repetition axes last, in axis order, so each element
    // of x has one row of its repetitions in the original loop's order (a cumulative sum along the last axis
    // needs no transposes of its own).
    const split = shape.flatMap((length, axis) => [reps[axis] ?? 1, length]);
    const perm = [...shape.map((_, axis) => 2 * axis + 1), ...shape.map((_, axis) => 2 * axis)];
    const rows = tf.transpose(tf.reshape(dy, split), perm).reshape([size, count]);
    // A zero first, so the first addition is 0 + dy[rep 0] as in the loop (which started from zerosLike).
    const running = tf.cumsum(tf.pad(rows, [[0, 0], [1, 0]]), 1);
    return tf.reshape(tf.slice(running, [0, count], [size, 1]), [...shape]);
  });
}

const tileGradConfig: tf.GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as tf.Tensor[];
    const { reps } = attrs as unknown as { reps: number[] };
    const shape = (x as tf.Tensor).shape;
    return { x: () => tileGradient(dy as tf.Tensor, shape, reps) };
  },
};

/** Replaces TF.js's Tile gradient (for every backend: the registry is global). Safe to call any number of times. */
export function registerTileGradient(): void {
  if (tf.getGradient('Tile') === tileGradConfig) return;
  tf.registerGradient(tileGradConfig);
}
