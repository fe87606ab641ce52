/**
 * The Training panel reshapes every chart on each epoch: how long that takes for long runs (the goal is
 * well under a frame, 16 ms, for all five charts at 1,000 epochs).
 */
import { CHART_SPECS, shapeChart, type ChartId } from '../src/shared/core/training-view/chart-data';
import { historyToCsv } from '../src/shared/core/training-view/history-csv';
import { historyOf } from '../src/shared/core/training-view/test-history';
import type { EpochMetrics } from '../src/shared/contract/trainer-protocol';

export const title = 'Training chart shaping per epoch update';

/** A noisy history of `epochs` epochs (noise so the shaping cannot shortcut identical values). */
function history(epochs: number): EpochMetrics[] {
  return historyOf(epochs, (e) => ({ epochs, trainLoss: 1 / e + Math.random() * 0.01, valLoss: 1.2 / e + Math.random() * 0.02, samplesPerSec: 1000 + Math.random() * 50 }));
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
