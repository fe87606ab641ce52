/**
 * Batch normalisation over the last axis with a fused training gradient. Two reasons: tfjs's own layer crashes
 * when training without scale/centre (res8 needs that: it reads the missing gamma), and its gradient of the
 * unfused form spends a wasm training step in Tile and Sum. The layer saves as a plain `BatchNormalization`, so
 * exported models load anywhere; inference is tfjs's own code.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import { BATCH_NORM_GRAD, BATCH_NORM_TRAIN, fusedBatchNormAvailable } from '../kernels/batch-norm-kernels';

type Kwargs = Record<string, unknown>;
type LayerVariable = tf.LayerVariable;

/** tfjs-layers does not export the class; take it from an instance so we extend the very class tfjs uses. */
const Base = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as typeof BatchNormalization;

interface BatchStats {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/**
 * y = gamma * (x - mean) / sqrt(var + eps) + beta over all but the last axis, with the textbook fused gradient
 * dx = gamma / (N sqrt(var + eps)) * (N dy - sum(dy) - xhat * sum(dy * xhat)). `stats` receives the batch mean
 * and (biased) variance, kept, for the moving averages.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number, stats: Partial<BatchStats>): tf.Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.size / (x.shape[x.shape.length - 1] as number);
  // On wasm the same maths runs as two fused kernels (src/ml/kernels/batch-norm-kernels.ts).
  const fusedKernels = x.dtype === 'float32' && fusedBatchNormAvailable();
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, shift, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    let value: tf.Tensor;
    if (fusedKernels) {
      const [y, xhat, mean, variance, invStd] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: input, scale, offset: shift }, { epsilon }) as tf.Tensor[];
      save([xhat as tf.Tensor, invStd as tf.Tensor, scale]);
      stats.mean = tf.keep(mean as tf.Tensor);
      stats.variance = tf.keep(variance as tf.Tensor);
      value = y as tf.Tensor;
    } else {
      const { mean, variance } = tf.moments(input, axes);
      const invStd = tf.rsqrt(tf.add(variance, epsilon));
      const xhat = tf.mul(tf.sub(input, mean), invStd);
      save([xhat, invStd, scale]);
      stats.mean = tf.keep(mean);
      stats.variance = tf.keep(variance);
      value = tf.add(tf.mul(xhat, scale), shift);
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedXhat, savedInvStd, savedScale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        if (fusedKernels) return tf.engine().runKernel(BATCH_NORM_GRAD, { dy, xhat: savedXhat, scale: savedScale, invStd: savedInvStd }) as tf.Tensor[];
        const sumDy = tf.sum(dy, axes);
        const sumDyXhat = tf.sum(tf.mul(dy, savedXhat), axes);
        const centred = tf.sub(tf.sub(tf.mul(dy, count), sumDy), tf.mul(savedXhat, sumDyXhat));
        const dx = tf.mul(centred, tf.div(tf.mul(savedScale, savedInvStd), count));
        return [dx, sumDyXhat, sumDy];
      },
    };
  });
  return fused(x, gamma, beta);
}

export class TrainableBatchNormalization extends Base {
  /** Saved models name the stock layer: they load in tfjs and Keras without this class. */
  static override className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    const config = this.getConfig() as { axis: number; momentum: number; epsilon: number; center: boolean; scale: boolean };
    const lastAxis = config.axis === -1 || config.axis === input.rank - 1;
    if (kwargs['training'] !== true || !lastAxis) return super.call(inputs, kwargs);
    const channels = input.shape[input.rank - 1] as number;
    // Weight order as tfjs builds them: gamma (if scale), beta (if center), moving mean, moving variance.
    const trainable = this.trainableWeights;
    const [movingMean, movingVariance] = this.nonTrainableWeights as [LayerVariable, LayerVariable];
    return tf.tidy(() => {
      const gamma = config.scale ? (trainable[0] as LayerVariable).read() : tf.ones([channels]);
      const beta = config.center ? (trainable[config.scale ? 1 : 0] as LayerVariable).read() : tf.zeros([channels]);
      const stats: Partial<BatchStats> = {};
      const output = batchNormTraining(input, gamma, beta, config.epsilon, stats);
      const update = (variable: LayerVariable, value: tf.Tensor | undefined): void => {
        if (!value) return;
        variable.write(tf.tidy(() => tf.sub(variable.read(), tf.mul(tf.sub(variable.read(), value), 1 - config.momentum))));
      };
      update(movingMean, stats.mean);
      update(movingVariance, stats.variance);
      tf.dispose([stats.mean, stats.variance].filter((t): t is tf.Tensor => t !== undefined));
      return output;
    });
  }
}

/**
 * Models loaded in this process (checkpoints being resumed) get this layer too, so resumed training keeps the
 * fused gradient and res8 (no scale/centre) can train at all. Inference is unchanged: it is tfjs's own code.
 */
tf.serialization.registerClass(TrainableBatchNormalization);
