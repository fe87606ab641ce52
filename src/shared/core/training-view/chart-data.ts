/**
 * Shapes a run's per-epoch history into chart series: one point per epoch, gaps for missing values,
 * the best epoch marked, long histories downsampled. Knows nothing about chart.js.
 */
import type { EpochMetrics } from '../../contract/trainer-protocol';
import { downsample, type XY } from './downsample';

export type MetricKey = 'trainLoss' | 'valLoss' | 'trainAcc' | 'valAcc' | 'fpr' | 'fnr' | 'f1' | 'eer' | 'fah' | 'fahAtTarget' | 'recallAtTarget' | 'lr' | 'samplesPerSec';
export type ValueFormat = 'number' | 'percent' | 'lr' | 'rate' | 'fah';
export type ChartId = 'loss' | 'accuracy' | 'detection' | 'fah' | 'lr' | 'throughput';

export interface SeriesSpec {
  readonly metric: MetricKey;
  readonly label: string;
  /** Validation series are drawn solid, training series dashed. */
  readonly role: 'train' | 'val';
}

export interface ChartSpec {
  readonly id: ChartId;
  readonly title: string;
  readonly format: ValueFormat;
  readonly series: readonly SeriesSpec[];
  /** The series whose value the best-epoch marker sits on. */
  readonly markerMetric: MetricKey;
  /** Whether the best epoch is marked: on metric charts, not on loss or LR (best is chosen by a metric). */
  readonly bestMarker: boolean;
  /** An error or false-accept rate: spans decades, so drawn on a log axis by default. */
  readonly rate: boolean;
}

export const CHART_SPECS: Readonly<Record<ChartId, ChartSpec>> = {
  loss: {
    id: 'loss',
    title: 'Loss',
    format: 'number',
    series: [
      { metric: 'trainLoss', label: 'Train loss', role: 'train' },
      { metric: 'valLoss', label: 'Validation loss', role: 'val' },
    ],
    markerMetric: 'valLoss',
    bestMarker: false,
    rate: false,
  },
  accuracy: {
    id: 'accuracy',
    title: 'Accuracy / F1',
    format: 'percent',
    series: [
      { metric: 'trainAcc', label: 'Train accuracy', role: 'train' },
      { metric: 'valAcc', label: 'Validation accuracy', role: 'val' },
      { metric: 'f1', label: 'Validation F1', role: 'val' },
    ],
    markerMetric: 'valAcc',
    bestMarker: true,
    rate: false,
  },
  detection: {
    id: 'detection',
    title: 'Error rates (FPR / FNR / EER)',
    format: 'percent',
    series: [
      { metric: 'fpr', label: 'FPR', role: 'val' },
      { metric: 'fnr', label: 'FNR', role: 'val' },
      { metric: 'eer', label: 'EER', role: 'val' },
    ],
    markerMetric: 'fnr',
    bestMarker: true,
    rate: true,
  },
  fah: {
    id: 'fah',
    title: 'False accepts per hour',
    format: 'fah',
    series: [
      { metric: 'fahAtTarget', label: 'FA/h at the target threshold', role: 'val' },
      { metric: 'fah', label: 'FA/h at 0.5', role: 'val' },
    ],
    markerMetric: 'fahAtTarget',
    bestMarker: true,
    rate: true,
  },
  lr: { id: 'lr', title: 'Learning rate', format: 'lr', series: [{ metric: 'lr', label: 'Learning rate', role: 'train' }], markerMetric: 'lr', bestMarker: false, rate: false },
  throughput: {
    id: 'throughput',
    title: 'Throughput',
    format: 'rate',
    series: [{ metric: 'samplesPerSec', label: 'Samples/s', role: 'train' }],
    markerMetric: 'samplesPerSec',
    bestMarker: false,
    rate: false,
  },
};

/** chart.js stays smooth far beyond this, but a line of more points than pixels shows nothing more. */
export const DEFAULT_MAX_POINTS = 600;

export interface ChartSeries {
  readonly id: string;
  readonly label: string;
  readonly metric: MetricKey;
  readonly role: 'train' | 'val';
  /** Index of the run when several are overlaid (0 for a single run): the renderer picks its style. */
  readonly run: number;
  readonly points: readonly XY[];
}

export interface BestMarker {
  readonly epoch: number;
  readonly y: number | null;
  readonly label: string;
  /** Index of the run it belongs to (0 for a single run). */
  readonly run: number;
}

export interface ShapedChart {
  readonly spec: ChartSpec;
  readonly series: readonly ChartSeries[];
  readonly best: readonly BestMarker[];
  /** The configured epochs (or the last one run, if more). */
  readonly epochs: number;
  /** The last epoch actually run (0 before the first): where the x axis ends, e.g. after early stopping. */
  readonly lastEpoch: number;
  readonly downsampled: boolean;
}

export interface ShapeOptions {
  readonly maxPoints?: number;
  /** On a log axis zero and negative values cannot be drawn: they become gaps. */
  readonly logScale?: boolean;
}

function valueOf(m: EpochMetrics, metric: MetricKey, logScale: boolean): number | null {
  // The FA/h at the selection threshold is nested in its estimate (absent in older histories: a gap).
  const value: unknown = metric === 'fahAtTarget' ? m.fahEstimate?.fah : m[metric];
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (logScale && value <= 0) return null;
  return value;
}

export interface RunHistory {
  readonly label: string;
  readonly history: readonly EpochMetrics[];
  readonly bestEpoch: number | null;
}

/** Series of several runs on one chart (comparison); a single run is the one-element case. */
export function shapeRuns(runs: readonly RunHistory[], spec: ChartSpec, options: ShapeOptions = {}): ShapedChart {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const logScale = options.logScale ?? false;
  const overlay = runs.length > 1;
  const series: ChartSeries[] = [];
  const best: BestMarker[] = [];
  let epochs = 0;
  let lastEpoch = 0;
  let downsampled = false;
  runs.forEach((run, index) => {
    // Epoch numbers are unique and increasing in a run's history; a resumed run may repeat an epoch, the later wins.
    const byEpoch = new Map<number, EpochMetrics>();
    for (const m of run.history) byEpoch.set(m.epoch, m);
    const ordered = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
    epochs = Math.max(epochs, ordered.at(-1)?.epochs ?? 0, ordered.at(-1)?.epoch ?? 0);
    lastEpoch = Math.max(lastEpoch, ordered.at(-1)?.epoch ?? 0);
    const bestIndex = run.bestEpoch === null ? -1 : ordered.findIndex((m) => m.epoch === run.bestEpoch);
    const keep = new Set(bestIndex >= 0 ? [bestIndex] : []);
    for (const s of spec.series) {
      const points = ordered.map((m) => ({ x: m.epoch, y: valueOf(m, s.metric, logScale) }));
      const reduced = downsample(points, maxPoints, keep);
      downsampled ||= reduced.length < points.length;
      series.push({ id: `${String(index)}:${s.metric}`, label: overlay ? `${run.label} · ${s.label}` : s.label, metric: s.metric, role: s.role, run: index, points: reduced });
    }
    const bestMetrics = bestIndex >= 0 ? ordered[bestIndex] : undefined;
    if (bestMetrics) {
      best.push({
        epoch: bestMetrics.epoch,
        y: valueOf(bestMetrics, spec.markerMetric, logScale),
        label: overlay ? `${run.label} · best epoch ${String(bestMetrics.epoch)}` : `Best epoch ${String(bestMetrics.epoch)}`,
        run: index,
      });
    }
  });
  return { spec, series, best, epochs, lastEpoch, downsampled };
}

export function shapeChart(history: readonly EpochMetrics[], spec: ChartSpec, bestEpoch: number | null, options: ShapeOptions = {}): ShapedChart {
  return shapeRuns([{ label: 'This run', history, bestEpoch }], spec, options);
}
