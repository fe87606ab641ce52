import { describe, expect, it } from 'vitest';
import { CHART_SPECS, shapeChart, shapeRuns } from './chart-data';
import { epochMetrics, historyOf } from './test-history';

describe('chart data shaping', () => {
  it('makes one point per epoch for each series of the spec', () => {
    const shaped = shapeChart(historyOf(3), CHART_SPECS.loss, null);
    expect(shaped.series.map((s) => s.label)).toEqual(['Train loss', 'Validation loss']);
    expect(shaped.series[1]?.points).toEqual([
      { x: 1, y: 1.2 },
      { x: 2, y: 0.6 },
      { x: 3, y: 1.2 / 3 },
    ]);
    expect(shaped.epochs).toBe(10);
    expect(shaped.best).toEqual([]);
    expect(shaped.downsampled).toBe(false);
  });

  it('marks the best epoch on the spec’s marker series', () => {
    const shaped = shapeChart(historyOf(5), CHART_SPECS.accuracy, 4);
    expect(shaped.best).toEqual([{ epoch: 4, y: 1 - 0.6 / 4, label: 'Best epoch 4', run: 0 }]);
    // A best epoch not in the history (e.g. from an older part of a resumed run) draws no marker.
    expect(shapeChart(historyOf(5), CHART_SPECS.accuracy, 9).best).toEqual([]);
  });

  it('has FPR, FNR and EER on the error-rate chart, F1 with accuracy, FA/h, LR and throughput on their own', () => {
    expect(shapeChart(historyOf(2), CHART_SPECS.detection, null).series.map((s) => s.metric)).toEqual(['fpr', 'fnr', 'eer']);
    expect(shapeChart(historyOf(2), CHART_SPECS.accuracy, null).series.map((s) => s.metric)).toEqual(['trainAcc', 'valAcc', 'f1']);
    expect(shapeChart(historyOf(2), CHART_SPECS.lr, null).series[0]?.points[0]).toEqual({ x: 1, y: 0.003 });
    expect(shapeChart(historyOf(2), CHART_SPECS.throughput, null).series[0]?.points[1]).toEqual({ x: 2, y: 102 });
    // Rates are log-scale charts; only metric charts mark the best epoch (it is chosen by a metric, not the loss).
    expect(Object.values(CHART_SPECS).filter((spec) => spec.rate).map((spec) => spec.id)).toEqual(['detection', 'fah']);
    expect(Object.values(CHART_SPECS).filter((spec) => spec.bestMarker).map((spec) => spec.id)).toEqual(['accuracy', 'detection', 'fah']);
  });

  it('charts FA/h at the target threshold from its estimate, a gap where an older history has none', () => {
    const estimate = { falseAccepts: 0, hours: 2, fah: 0, upper95: 1.5 };
    const history = [epochMetrics(1), epochMetrics(2, { fahEstimate: estimate }), epochMetrics(3, { fahEstimate: { ...estimate, falseAccepts: 1, fah: 0.5 } })];
    const shaped = shapeChart(history, CHART_SPECS.fah, null);
    expect(shaped.series.map((s) => s.points.map((p) => p.y))).toEqual([
      [null, 0, 0.5],
      [2, 1, 2 / 3],
    ]);
  });

  it('ends the x range at the last epoch run, not the configured epochs (early stopping)', () => {
    const shaped = shapeChart(historyOf(17, () => ({ epochs: 30 })), CHART_SPECS.loss, null);
    expect(shaped.epochs).toBe(30);
    expect(shaped.lastEpoch).toBe(17);
    expect(shapeChart([], CHART_SPECS.loss, null).lastEpoch).toBe(0);
  });

  it('turns missing and non-finite values into gaps, and non-positive ones on a log axis', () => {
    const history = [epochMetrics(1, { valLoss: null as unknown as number }), epochMetrics(2, { trainLoss: 0 }), epochMetrics(3, { valLoss: Number.NaN })];
    const linear = shapeChart(history, CHART_SPECS.loss, null);
    expect(linear.series[1]?.points.map((p) => p.y)).toEqual([null, 0.6, null]);
    expect(linear.series[0]?.points.map((p) => p.y)).toEqual([1, 0, 1 / 3]);
    const log = shapeChart(history, CHART_SPECS.loss, null, { logScale: true });
    expect(log.series[0]?.points.map((p) => p.y)).toEqual([1, null, 1 / 3]);
  });

  it('orders by epoch and keeps the later entry when a resumed run repeats one', () => {
    const history = [epochMetrics(2), epochMetrics(1), epochMetrics(2, { valLoss: 9 })];
    expect(shapeChart(history, CHART_SPECS.loss, null).series[1]?.points).toEqual([
      { x: 1, y: 1.2 },
      { x: 2, y: 9 },
    ]);
  });

  it('downsamples 5,000 epochs and keeps the best one', () => {
    const history = historyOf(5000, (epoch) => ({ epochs: 5000, valLoss: epoch === 4321 ? 0.0001 : 1 + Math.sin(epoch) }));
    const shaped = shapeChart(history, CHART_SPECS.loss, 4321, { maxPoints: 400 });
    expect(shaped.downsampled).toBe(true);
    for (const s of shaped.series) expect(s.points.length).toBeLessThanOrEqual(401);
    expect(shaped.series[1]?.points.some((p) => p.x === 4321 && p.y === 0.0001)).toBe(true);
    expect(shaped.best[0]).toMatchObject({ epoch: 4321, y: 0.0001 });
  });

  it('reduces 1,000 epochs to the default budget of 600 points', () => {
    const shaped = shapeChart(historyOf(1000, () => ({ epochs: 1000 })), CHART_SPECS.loss, null);
    expect(shaped.downsampled).toBe(true);
    expect(shaped.series[0]?.points.length).toBeLessThanOrEqual(600);
  });

  it('overlays runs with labelled series and one best marker each', () => {
    const shaped = shapeRuns(
      [
        { label: 'run-a', history: historyOf(3), bestEpoch: 3 },
        { label: 'run-b', history: historyOf(5, () => ({ epochs: 20 })), bestEpoch: 2 },
      ],
      CHART_SPECS.loss,
    );
    expect(shaped.series.map((s) => [s.run, s.label])).toEqual([
      [0, 'run-a · Train loss'],
      [0, 'run-a · Validation loss'],
      [1, 'run-b · Train loss'],
      [1, 'run-b · Validation loss'],
    ]);
    expect(new Set(shaped.series.map((s) => s.id)).size).toBe(4);
    expect(shaped.best.map((b) => [b.label, b.run])).toEqual([
      ['run-a · best epoch 3', 0],
      ['run-b · best epoch 2', 1],
    ]);
    expect(shaped.epochs).toBe(20);
  });
});
