/** Builds EpochMetrics for the training-view tests. */
import type { EpochMetrics } from '../../contract/trainer-protocol';

export function epochMetrics(epoch: number, overrides: Partial<EpochMetrics> = {}): EpochMetrics {
  return {
    epoch,
    epochs: 10,
    trainLoss: 1 / epoch,
    valLoss: 1.2 / epoch,
    trainAcc: 1 - 0.5 / epoch,
    valAcc: 1 - 0.6 / epoch,
    fpr: 0.1 / epoch,
    fnr: 0.2 / epoch,
    f1: 1 - 0.3 / epoch,
    eer: 0.15 / epoch,
    fah: 2 / epoch,
    recallAtTarget: 1 - 0.25 / epoch,
    thresholdAtTarget: 0.5,
    hardNegativeFpr: null,
    lr: 0.003,
    samplesPerSec: 100 + epoch,
    epochSeconds: 10,
    memoryBytes: 5 * 1024 * 1024,
    ...overrides,
  };
}

export function historyOf(count: number, overrides: (epoch: number) => Partial<EpochMetrics> = () => ({})): EpochMetrics[] {
  return Array.from({ length: count }, (_, i) => epochMetrics(i + 1, overrides(i + 1)));
}
