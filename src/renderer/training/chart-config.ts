/**
 * The data and options one Training chart hands to chart.js, as pure functions of the shaped chart and the
 * view settings (smoothing, log axis, compare mode), so they can be tested without a canvas.
 */
import type { ChartData, ChartDataset, ChartOptions, ScriptableContext } from 'chart.js';
import type { ShapedChart } from '../../shared/core/training-view/chart-data';
import type { XY } from '../../shared/core/training-view/downsample';
import { logFloor, logTickLabel, logTicks, onLogAxis, percentTick } from '../app/log-axis';
import { faint, formatTick, formatValue, OKABE_ITO, seriesStyle, type ChartColors } from './chart-style';

/** A chart point; `zero` marks a zero drawn at the floor of a log axis. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number | null;
  readonly zero?: true;
}

export interface ChartViewSettings {
  readonly colors: ChartColors;
  readonly logScale: boolean;
  /** TensorBoard's smoothing weight, 0 (raw) to 0.99. */
  readonly smoothing: number;
  readonly dense: boolean;
  readonly small: boolean;
  /** Several runs overlaid: one colour per run. */
  readonly compare: boolean;
  /** Called when the user zooms or pans (true) or the zoom is reset (false). */
  readonly onZoomChange?: (zoomed: boolean) => void;
}

export const RAW_SUFFIX = ' (raw)';
/** Where a log axis puts zero when nothing is positive yet. */
const FALLBACK_FLOOR = { percent: 1e-4, fah: 1e-2, number: 1e-4, lr: 1e-6, rate: 1 } as const;

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the first points are not pulled
 * towards zero. Gaps stay gaps and do not reset the average.
 */
export function smoothEma(points: readonly XY[], weight: number): XY[] {
  if (weight <= 0) return points.map((p) => ({ x: p.x, y: p.y }));
  let last = 0;
  let count = 0;
  return points.map((p) => {
    if (p.y === null || !Number.isFinite(p.y)) return { x: p.x, y: null };
    last = last * weight + (1 - weight) * p.y;
    count++;
    return { x: p.x, y: last / (1 - weight ** count) };
  });
}

function placed(points: readonly XY[], floor: number | null): ChartPoint[] {
  return points.map((p) => {
    if (floor === null || p.y === null) return { x: p.x, y: p.y };
    return { x: p.x, ...onLogAxis(p.y, floor) };
  });
}

/** The floor of the chart's log axis (null on a linear axis). */
export function chartFloor(chart: ShapedChart, logScale: boolean): number | null {
  if (!logScale) return null;
  return logFloor(
    chart.series.flatMap((s) => s.points.map((p) => p.y)),
    FALLBACK_FLOOR[chart.spec.format],
  );
}

/** Zeros on a log axis are drawn as hollow triangles at the floor, so they read as "zero", not as a tiny value. */
const zeroStyle = (base: number) => ({
  pointRadius: (ctx: ScriptableContext<'line'>) => ((ctx.raw as ChartPoint | undefined)?.zero ? 4 : base),
  pointStyle: (ctx: ScriptableContext<'line'>) => ((ctx.raw as ChartPoint | undefined)?.zero ? ('triangle' as const) : ('circle' as const)),
});

export function chartData(chart: ShapedChart, view: ChartViewSettings): ChartData<'line', ChartPoint[]> {
  const floor = chartFloor(chart, view.logScale);
  const smoothing = view.small ? 0 : view.smoothing;
  const main: ChartDataset<'line', ChartPoint[]>[] = [];
  const raw: ChartDataset<'line', ChartPoint[]>[] = [];
  for (const series of chart.series) {
    const { color, dash } = seriesStyle(chart.spec, series, view.compare);
    const base = view.dense ? 0 : 2;
    main.push({
      label: series.label,
      data: placed(smoothEma(series.points, smoothing), floor),
      borderColor: color,
      backgroundColor: color,
      borderDash: [...dash],
      borderWidth: 2,
      pointHoverRadius: 4,
      spanGaps: true,
      tension: 0,
      order: 1,
      ...zeroStyle(base),
    });
    // The raw values stay visible, faint, under the smoothed line (as in TensorBoard).
    if (smoothing > 0) {
      raw.push({
        label: `${series.label}${RAW_SUFFIX}`,
        data: placed(series.points, floor),
        borderColor: faint(color),
        backgroundColor: faint(color),
        borderDash: [...dash],
        borderWidth: 1,
        pointHoverRadius: 3,
        spanGaps: true,
        tension: 0,
        order: 2,
        ...zeroStyle(0),
      });
    }
  }
  const best: ChartDataset<'line', ChartPoint[]>[] = [];
  if (chart.spec.bestMarker) {
    for (const marker of chart.best) {
      if (marker.y === null) continue;
      // The theme's text colour for one run; the run's own colour when runs are compared.
      const color = view.compare ? (OKABE_ITO[marker.run % OKABE_ITO.length] ?? view.colors.text) : view.colors.text;
      best.push({
        label: marker.label,
        data: [{ x: marker.epoch, ...(floor === null ? { y: marker.y } : onLogAxis(marker.y, floor)) }],
        borderColor: color,
        backgroundColor: color,
        pointStyle: 'star',
        pointRadius: 9,
        pointHoverRadius: 11,
        borderWidth: 2,
        showLine: false,
        order: 0,
      });
    }
  }
  return { datasets: [...main, ...raw, ...best] };
}

export const epochTick = (value: number): string => (Number.isInteger(value) ? String(value) : '');

/** Epochs shown on the x axis: 1 to the last epoch run (at least 2, so one epoch still has a width). */
export function xRange(chart: ShapedChart): { readonly min: number; readonly max: number } {
  return { min: 1, max: Math.max(2, chart.lastEpoch) };
}

export function chartOptions(chart: ShapedChart, view: ChartViewSettings): ChartOptions<'line'> {
  const { colors, small, dense } = view;
  const format = chart.spec.format;
  const floor = chartFloor(chart, view.logScale);
  const range = xRange(chart);
  const tick = (value: number): string => (floor === null ? formatTick(format, value) : logTickLabel(value, floor, format === 'percent' ? percentTick : (v) => formatTick(format, v)));
  const yLimits = format === 'percent' ? (floor === null ? { min: 0, max: 1 } : { min: floor, max: 1 }) : floor === null ? {} : { min: floor };
  return {
    responsive: true,
    maintainAspectRatio: false,
    // Redrawing 1,000-point lines with easing on every epoch stutters; draw straight away instead.
    animation: dense ? false : { duration: 200 },
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        min: range.min,
        max: range.max,
        title: { display: !small, text: 'Epoch', color: colors.muted },
        // Whole epochs only: a zoomed axis starts and ends at fractional epochs, which are not labelled.
        ticks: { precision: 0, color: colors.muted, maxTicksLimit: small ? 5 : 11, callback: (value) => epochTick(Number(value)) },
        grid: { color: colors.grid },
      },
      y: {
        type: floor === null ? 'linear' : 'logarithmic',
        ...yLimits,
        ...(floor === null
          ? {}
          : {
              // Decades (and 1-2-5 steps on narrow ranges) instead of chart.js's crowded 1..9 labels.
              afterBuildTicks: (axis: { min: number; max: number; ticks: { value: number }[] }) => {
                axis.ticks = logTicks(axis.min, axis.max).map((value) => ({ value }));
              },
            }),
        ticks: { color: colors.muted, maxTicksLimit: small ? 4 : 8, autoSkip: true, callback: (value) => tick(Number(value)) },
        grid: { color: colors.grid },
      },
    },
    plugins: {
      legend: {
        display: !small,
        labels: {
          color: colors.text,
          boxWidth: 14,
          boxHeight: 2,
          filter: (item) => !(item.text ?? '').endsWith(RAW_SUFFIX),
          // In dataset order (lines, then the best-epoch marker), not by drawing order.
          sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
        },
      },
      tooltip: {
        callbacks: {
          title: (items) => `Epoch ${String(items[0]?.parsed.x ?? '')}`,
          label: (item) => {
            const point = item.raw as ChartPoint | undefined;
            const value = point?.zero ? formatValue(format, 0) : item.parsed.y === null ? '—' : formatValue(format, item.parsed.y);
            return `${item.dataset.label ?? ''}: ${value}`;
          },
        },
      },
      zoom: {
        // Drag a box to zoom into epochs, shift-drag to pan, ctrl-wheel or pinch to zoom; the page still scrolls.
        zoom: {
          mode: 'x',
          drag: { enabled: true, backgroundColor: 'rgba(0, 114, 178, 0.12)', borderColor: '#0072B2', borderWidth: 1 },
          wheel: { enabled: true, modifierKey: 'ctrl' },
          pinch: { enabled: true },
          onZoomComplete: () => view.onZoomChange?.(true),
        },
        pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: () => view.onZoomChange?.(true) },
        limits: { x: { min: 'original', max: 'original', minRange: 1 } },
      },
    },
  };
}
