import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../shared/config/defaults';
import { balancedClassWeights, exampleWeights, weightedLoss } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const probs = () => tf.tensor2d([[0.8, 0.2], [0.1, 0.9]]);
const labels = () => tf.tensor1d([0, 1], 'int32');

describe('weightedLoss', () => {
  it('is the mean cross-entropy with equal weights', () => {
    const loss = weightedLoss(probs(), labels(), tf.tensor1d([1, 1]), { type: 'cross_entropy', labelSmoothing: 0, focalAlpha: 0.25, focalGamma: 2 });
    expect(loss.dataSync()[0]).toBeCloseTo((-Math.log(0.8) - Math.log(0.9)) / 2, 5);
  });

  it('weights samples', () => {
    const loss = weightedLoss(probs(), labels(), tf.tensor1d([3, 1]), { type: 'cross_entropy', labelSmoothing: 0, focalAlpha: 0.25, focalGamma: 2 });
    expect(loss.dataSync()[0]).toBeCloseTo((-3 * Math.log(0.8) - Math.log(0.9)) / 4, 5);
  });

  it('smooths labels towards one half', () => {
    const loss = weightedLoss(probs(), labels(), tf.tensor1d([1, 1]), { type: 'cross_entropy', labelSmoothing: 0.2, focalAlpha: 0.25, focalGamma: 2 });
    const first = -(0.9 * Math.log(0.8) + 0.1 * Math.log(0.2));
    const second = -(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9));
    expect(loss.dataSync()[0]).toBeCloseTo((first + second) / 2, 5);
  });

  it('computes focal loss with alpha per class', () => {
    const loss = weightedLoss(probs(), labels(), tf.tensor1d([1, 1]), { type: 'focal', labelSmoothing: 0, focalAlpha: 0.25, focalGamma: 2 });
    const first = -0.75 * 0.2 ** 2 * Math.log(0.8);
    const second = -0.25 * 0.1 ** 2 * Math.log(0.9);
    expect(loss.dataSync()[0]).toBeCloseTo((first + second) / 2, 6);
  });

  it('balances 1:10 data so each class weighs the same in total', () => {
    const w = balancedClassWeights({ positives: 100, negatives: 1000 });
    expect(w.positive * 100).toBeCloseTo(w.negative * 1000, 9);
    expect(w.positive).toBeCloseTo(5.5, 9);
  });
});

describe('exampleWeights', () => {
  const loss = { ...DEFAULT_CONFIG.loss, hard_negative_weight: 3 };
  it('balances classes and adds the hard-negative weight', () => {
    const weightOf = exampleWeights({ ...loss, class_weights: 'balanced' }, { positives: 100, negatives: 1000 });
    expect(weightOf('positive')).toBeCloseTo(5.5, 9);
    expect(weightOf('negative')).toBeCloseTo(0.55, 9);
    expect(weightOf('hard_negative')).toBeCloseTo(1.65, 9);
  });

  it('uses custom weights, or none', () => {
    expect(exampleWeights({ ...loss, class_weights: 'custom', custom_weights: { negative: 0.5, positive: 2 } }, { positives: 1, negatives: 1 })('positive')).toBe(2);
    expect(exampleWeights({ ...loss, class_weights: 'none' }, { positives: 1, negatives: 9 })('negative')).toBe(1);
  });
});
