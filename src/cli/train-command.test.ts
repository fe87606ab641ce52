import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../shared/trainer-protocol';
import { epochJson, epochLine } from './train-command';

const metrics: EpochMetrics = {
  epoch: 6,
  epochs: 60,
  trainLoss: 0.2151,
  valLoss: 0.2822,
  trainAcc: 0.972,
  valAcc: 0.844,
  fpr: 0.02,
  fnr: 0.222,
  f1: 0.8,
  eer: 0.13,
  fah: 0,
  recallAtTarget: 1,
  thresholdAtTarget: 0.1449,
  hardNegativeFpr: null,
  lr: 0.00099,
  samplesPerSec: 1242.4,
  epochSeconds: 0.53,
  memoryBytes: 0,
};

describe('wakeword train output', () => {
  it('says where each detection figure is measured: at 0.5, and at the target FA/h that picks the best epoch', () => {
    const line = epochLine(metrics);
    expect(line).toContain('epoch 6/60');
    expect(line).toContain('@0.5: FRR 22.2% FA/h 0.00');
    expect(line).toContain('recall@target 100.0% (thr 0.145)');
    expect(line).toContain('1242 samples/s');
    expect(epochLine({ ...metrics, fah: Number.POSITIVE_INFINITY })).toContain('FA/h n/a');
  });

  it('prints the same figures as JSON for scripts', () => {
    expect(epochJson(metrics)).toMatchObject({ epoch: 6, recall_at_target: 1, threshold_at_target: 0.1449, fah: 0 });
  });
});
