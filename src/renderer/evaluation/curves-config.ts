/**
 * What the evaluation curves hand to chart.js, as pure functions: ROC on linear axes, DET on log-log axes and
 * FRR against FA/h on a log FA/h axis, zeros drawn at a floor labelled "0", and a click on a curve mapped to
 * the threshold of its nearest point.
 */
import type { ChartData, ChartOptions } from 'chart.js';
import type { EvaluationCurves, EvaluationMetrics } from '../../shared/core/evaluation/evaluation-report';
import { logFloor, logTickLabel, logTicks, numberTick, onLogAxis, percentTick } from '../app/log-axis';
import { fixed, percent } from './format';

/** A curve point with the threshold it stands for; `zeroX`/`zeroY` mark zeros drawn at a log axis floor. */
export interface CurvePoint {
  readonly x: number;
  readonly y: number;
  readonly threshold: number;
  readonly zeroX?: true;
  readonly zeroY?: true;
}

export type AxisKind = 'percent' | 'fah';

export interface AxisSpec {
  readonly title: string;
  readonly kind: AxisKind;
  /** Log axis floor standing for zero; null for a linear axis. */
  readonly floor: number | null;
  readonly max?: number;
}

export interface CurveSpec {
  readonly title: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly points: readonly CurvePoint[];
  readonly operating: CurvePoint | null;
}

// Okabe–Ito blue and vermillion: the curve and the operating point read apart with colour blindness too.
const CURVE_COLOR = '#0072B2';
const POINT_COLOR = '#D55E00';

const finite = (x: number): boolean => Number.isFinite(x);

/** A value on an axis: on a log axis zero moves to the floor (marked), elsewhere unchanged. */
function place(value: number, floor: number | null): { readonly value: number; readonly zero?: true } {
  if (floor === null) return { value };
  const placed = onLogAxis(value, floor);
  return placed.zero ? { value: placed.y, zero: true } : { value: placed.y };
}

function point(x: number, y: number, threshold: number, xFloor: number | null, yFloor: number | null): CurvePoint {
  const px = place(x, xFloor);
  const py = place(y, yFloor);
  return { x: px.value, y: py.value, threshold, ...(px.zero ? { zeroX: true } : {}), ...(py.zero ? { zeroY: true } : {}) };
}

/** The three curves with their axes; the FA/h axis always shows 0.01 to at least 10 FA/h, where wake words are tuned. */
export function curveSpecs(curves: EvaluationCurves, metrics: EvaluationMetrics): readonly CurveSpec[] {
  const detX = logFloor(
    curves.det.map((p) => p.fpr),
    1e-3,
  );
  const detY = logFloor(
    curves.det.map((p) => p.frr),
    1e-3,
  );
  const fahCurve = curves.frrVsFah.filter((p) => finite(p.fah));
  // The floor ("0") at 0.01 FA/h or below keeps 0.1–10 as real ticks over most of the axis.
  const fahFloor = Math.min(
    0.01,
    logFloor(
      fahCurve.map((p) => p.fah),
      0.01,
    ),
  );
  const fahMax = 10 ** Math.ceil(Math.log10(Math.max(10, ...fahCurve.map((p) => p.fah))));
  return [
    {
      title: 'ROC',
      x: { title: 'FPR', kind: 'percent', floor: null, max: 1 },
      y: { title: 'TPR', kind: 'percent', floor: null, max: 1 },
      points: curves.roc.map((p) => point(p.fpr, p.tpr, p.threshold, null, null)),
      operating: point(metrics.fpr, metrics.recall, metrics.threshold, null, null),
    },
    {
      title: 'DET',
      x: { title: 'FPR', kind: 'percent', floor: detX, max: 1 },
      y: { title: 'FRR', kind: 'percent', floor: detY, max: 1 },
      points: curves.det.map((p) => point(p.fpr, p.frr, p.threshold, detX, detY)),
      operating: point(metrics.fpr, metrics.frr, metrics.threshold, detX, detY),
    },
    {
      title: 'FRR vs FA/h',
      x: { title: 'FA/h', kind: 'fah', floor: fahFloor, max: fahMax },
      y: { title: 'FRR', kind: 'percent', floor: null, max: 1 },
      points: fahCurve.map((p) => point(p.fah, p.frr, p.threshold, fahFloor, null)),
      operating: finite(metrics.fah) ? point(metrics.fah, metrics.frr, metrics.threshold, fahFloor, null) : null,
    },
  ];
}

export function curveData(spec: CurveSpec): ChartData<'line', CurvePoint[]> {
  return {
    datasets: [
      { label: spec.title, data: [...spec.points], borderColor: CURVE_COLOR, backgroundColor: CURVE_COLOR, pointRadius: 0, pointHoverRadius: 4, borderWidth: 2, tension: 0 },
      ...(spec.operating
        ? [{ label: 'Operating point', data: [spec.operating], borderColor: POINT_COLOR, backgroundColor: POINT_COLOR, pointRadius: 6, pointHoverRadius: 7, showLine: false }]
        : []),
    ],
  };
}

const tickFormat = (kind: AxisKind): ((value: number) => string) => (kind === 'percent' ? percentTick : numberTick);

/** A tick label of an axis: "0" at a log floor, decades only, so labels never overlap. */
export function axisTick(axis: AxisSpec, value: number): string {
  return axis.floor === null ? tickFormat(axis.kind)(value) : logTickLabel(value, axis.floor, tickFormat(axis.kind));
}

/** A point's value on one axis as words: zeros at the floor read as 0. */
function valueText(axis: AxisSpec, value: number, zero: boolean | undefined): string {
  const v = zero ? 0 : value;
  return axis.kind === 'percent' ? percent(v, 2) : `${fixed(v, 2)}`;
}

export function pointLabel(spec: CurveSpec, p: CurvePoint): string {
  return `${spec.x.title} ${valueText(spec.x, p.x, p.zeroX)}, ${spec.y.title} ${valueText(spec.y, p.y, p.zeroY)} at threshold ${fixed(p.threshold, 4)}`;
}

interface PixelScale {
  getPixelForValue(value: number): number;
}

/** The curve point nearest to a click, measured in pixels (both axes count, whatever their scale). */
export function nearestPoint(points: readonly CurvePoint[], scales: { readonly x: PixelScale; readonly y: PixelScale }, click: { readonly x: number; readonly y: number }): CurvePoint | null {
  let best: CurvePoint | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const p of points) {
    const dx = scales.x.getPixelForValue(p.x) - click.x;
    const dy = scales.y.getPixelForValue(p.y) - click.y;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best;
}

type ClickEvent = { readonly x: number | null; readonly y: number | null };
type ClickChart = { readonly scales: Record<string, PixelScale | undefined>; readonly canvas?: { style: { cursor: string } } };

export function curveOptions(spec: CurveSpec, onPick?: (threshold: number) => void): ChartOptions<'line'> {
  const axis = (a: AxisSpec) => ({
    type: a.floor === null ? ('linear' as const) : ('logarithmic' as const),
    min: a.floor ?? 0,
    ...(a.max === undefined ? {} : { max: a.max }),
    title: { display: true, text: a.title },
    ...(a.floor === null
      ? {}
      : {
          // Decades (1-2-5 on narrow ranges) instead of chart.js's 1..9 per decade, which overlap on a small chart.
          afterBuildTicks: (scale: { min: number; max: number; ticks: { value: number }[] }) => {
            scale.ticks = logTicks(scale.min, scale.max).map((value) => ({ value }));
          },
        }),
    ticks: { autoSkip: true, maxRotation: 0, callback: (value: number | string) => axisTick(a, Number(value)) },
  });
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: false,
    interaction: { mode: 'nearest', intersect: false },
    scales: { x: axis(spec.x), y: axis(spec.y) },
    plugins: {
      legend: { display: true },
      tooltip: { callbacks: { title: (items) => (items[0]?.datasetIndex === 1 ? 'Operating point' : spec.title), label: (item) => pointLabel(spec, item.raw as CurvePoint) } },
    },
    ...(onPick
      ? {
          onClick: (event: ClickEvent, _elements: unknown, chart: ClickChart) => {
            const x = chart.scales.x;
            const y = chart.scales.y;
            if (!x || !y || event.x === null || event.y === null) return;
            const nearest = nearestPoint(spec.points, { x, y }, { x: event.x, y: event.y });
            if (nearest) onPick(nearest.threshold);
          },
          onHover: (_event: ClickEvent, _elements: unknown, chart: ClickChart) => {
            if (chart.canvas) chart.canvas.style.cursor = 'crosshair';
          },
        }
      : {}),
  } as ChartOptions<'line'>;
}
