/**
 * The Training panel reshapes every chart on each epoch: how long that takes for long runs (the goal is
 * well under a frame, 16 ms, for all five charts at 1,000 epochs).
 */
import { CHART_SPECS, shapeChart, type ChartId } from '../src/shared/core/training-view/chart-data';
import { historyToCsv } from '../src/shared/core/training-view/history-csv';
import type { EpochMetrics } from '../src/shared/trainer-protocol';

export const title = 'Training chart shaping per epoch update';

function history(epochs: number): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => {
    const e = i + 1;
    return {
      epoch: e,
      epochs,
      trainLoss: 1 / e + Math.random() * 0.01,
      valLoss: 1.2 / e + Math.random() * 0.02,
      trainAcc: 1 - 0.5 / e,
      valAcc: 1 - 0.6 / e,
      fpr: 0.1 / e,
      fnr: 0.2 / e,
      f1: 1 - 0.3 / e,
      eer: 0.15 / e,
      fah: 2 / e,
      recallAtTarget: 1 - 0.25 / e,
      thresholdAtTarget: 0.5,
      hardNegativeFpr: null,
      lr: 0.003 * Math.cos(e / epochs),
      samplesPerSec: 1000 + Math.random() * 50,
      epochSeconds: 10,
      memoryBytes: 1e7,
    };
  });
}

export async function run(): Promise<void> {
  const ids = Object.keys(CHART_SPECS) as ChartId[];
  for (const epochs of [100, 1000, 10_000]) {
    const h = history(epochs);
    const rounds = epochs >= 10_000 ? 20 : 200;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) for (const id of ids) shapeChart(h, CHART_SPECS[id], Math.floor(epochs / 2));
    const perUpdate = (performance.now() - started) / rounds;
    const csvStarted = performance.now();
    const csv = historyToCsv(h);
    console.log(
      `   ${String(epochs).padStart(6)} epochs: all ${String(ids.length)} charts shaped in ${perUpdate.toFixed(2)} ms per update; CSV ${(csv.length / 1024).toFixed(0)} KiB in ${(performance.now() - csvStarted).toFixed(1)} ms`,
    );
  }
}
