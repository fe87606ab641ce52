/** Per-sample weighted losses over two-class softmax outputs. */
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../shared/config/schema';
import type { ClipKind } from '../shared/core/metrics';

export interface LossOptions {
  readonly type: 'cross_entropy' | 'focal';
  readonly labelSmoothing: number;
  /** Weight of the positive class in focal loss (the negative class gets 1 - alpha). */
  readonly focalAlpha: number;
  readonly focalGamma: number;
}

const EPSILON = 1e-7;

/** Mean of per-sample losses weighted by `weights` (class weights × hard-negative weight). */
export function weightedLoss(probabilities: tf.Tensor, labels: tf.Tensor1D, weights: tf.Tensor1D, options: LossOptions): tf.Scalar {
  return tf.tidy(() => {
    const target = tf.oneHot(labels, 2).toFloat();
    const smoothed = options.labelSmoothing > 0 ? target.mul(1 - options.labelSmoothing).add(options.labelSmoothing / 2) : target;
    const logP = probabilities.clipByValue(EPSILON, 1).log();
    let perClass = smoothed.mul(logP).neg();
    if (options.type === 'focal') {
      const modulation = tf.onesLike(probabilities).sub(probabilities).pow(options.focalGamma);
      const alpha = tf.tensor1d([1 - options.focalAlpha, options.focalAlpha]);
      perClass = perClass.mul(modulation).mul(alpha);
    }
    const perSample = perClass.sum(1);
    return perSample.mul(weights).sum().div(weights.sum().maximum(EPSILON)) as tf.Scalar;
  });
}

export interface ClassCounts {
  readonly positives: number;
  readonly negatives: number;
}

/** Inverse-frequency weights so each class contributes equally ("balanced"), as scikit-learn defines them. */
export function balancedClassWeights(counts: ClassCounts): { readonly negative: number; readonly positive: number } {
  const total = counts.positives + counts.negatives;
  return {
    negative: counts.negatives > 0 ? total / (2 * counts.negatives) : 1,
    positive: counts.positives > 0 ? total / (2 * counts.positives) : 1,
  };
}

/**
 * Per-example loss weight from the config: class weights (balanced from the training split's counts, custom,
 * or none) times the extra weight of confusable phrases. Both model families weigh examples this way.
 */
export function exampleWeights(loss: TrainingConfig['loss'], counts: ClassCounts): (kind: ClipKind) => number {
  const classWeights =
    loss.class_weights === 'balanced' ? balancedClassWeights(counts) : loss.class_weights === 'custom' ? loss.custom_weights : { negative: 1, positive: 1 };
  return (kind) => (kind === 'positive' ? classWeights.positive : classWeights.negative * (kind === 'hard_negative' ? loss.hard_negative_weight : 1));
}
