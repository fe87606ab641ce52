/** Colours and value formats of the Training charts; colours follow the theme's CSS variables. */
import type { ChartSeries, ChartSpec, ValueFormat } from '../../shared/core/training-view/chart-data';
import { formatFah, formatLearningRate, formatNumber, formatPercent, formatRate } from '../../shared/core/training-view/format';
import { numberTick } from '../app/log-axis';

/**
 * The Okabe–Ito palette: told apart with every common form of colour blindness. Its yellow and black are left
 * out (unreadable on the light and the dark theme respectively).
 */
export const OKABE_ITO: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** Dash patterns of validation series; the first is the plain dashed line, the others tell metrics of one run apart. */
const VAL_DASHES: readonly (readonly number[])[] = [
  [6, 4],
  [2, 3],
  [10, 3, 2, 3],
];

export interface SeriesStyle {
  readonly color: string;
  readonly dash: readonly number[];
}

/**
 * One colour per metric for a single run; one colour per run when runs are compared (the metrics of a run then
 * differ by dash). Training solid, validation dashed, wherever a chart has both.
 */
export function seriesStyle(spec: ChartSpec, series: ChartSeries, compare: boolean): SeriesStyle {
  const index = Math.max(0, spec.series.findIndex((s) => s.metric === series.metric));
  const color = OKABE_ITO[(compare ? series.run : index) % OKABE_ITO.length] ?? '#0072B2';
  const mixed = spec.series.some((s) => s.role === 'train') && spec.series.some((s) => s.role === 'val');
  if (series.role === 'train') return { color, dash: [] };
  const valIndex = spec.series.filter((s) => s.role === 'val').findIndex((s) => s.metric === series.metric);
  if (compare) return { color, dash: mixed || valIndex > 0 ? (VAL_DASHES[(mixed ? valIndex : valIndex - 1) % VAL_DASHES.length] ?? []) : [] };
  return { color, dash: mixed ? (VAL_DASHES[0] ?? []) : [] };
}

/** A colour at reduced opacity, for the raw line under a smoothed one. */
export function faint(color: string, alpha = 0.25): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const channel = (i: number): number => parseInt(hex.slice(i, i + 2), 16);
  return `rgba(${String(channel(0))}, ${String(channel(2))}, ${String(channel(4))}, ${String(alpha)})`;
}

export interface ChartColors {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly surface: string;
}

export function readChartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return { text: value('--text', '#1b1f24'), muted: value('--muted', '#5b6470'), grid: value('--border', '#d7dce2'), surface: value('--surface', '#ffffff') };
}

export function formatValue(format: ValueFormat, value: number): string {
  switch (format) {
    case 'percent':
      return formatPercent(value);
    case 'lr':
      return formatLearningRate(value);
    case 'rate':
      return formatRate(value);
    case 'number':
      return formatNumber(value);
    case 'fah':
      return formatFah(value);
  }
}

/** Axis ticks are shorter than tooltips: no unit suffix, fewer digits. */
export function formatTick(format: ValueFormat, value: number): string {
  switch (format) {
    case 'percent':
      return formatPercent(value, 0);
    case 'lr':
      // Neighbouring ticks of a slowly decaying LR differ in the third digit.
      return value === 0 ? '0' : value.toExponential(2);
    case 'rate':
      return String(Math.round(value));
    case 'number':
      return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
    case 'fah':
      return numberTick(value);
  }
}
