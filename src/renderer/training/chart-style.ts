/** Colours and value formats of the Training charts; colours follow the theme's CSS variables. */
import type { ChartSeries, ValueFormat } from '../../shared/core/training-view/chart-data';
import { formatLearningRate, formatNumber, formatPercent, formatRate } from '../../shared/core/training-view/format';

/** One palette per overlaid run, so two runs compared read apart at a glance. */
const RUN_PALETTES: readonly (readonly string[])[] = [
  ['#2f6fdb', '#e03131', '#2b8a3e', '#7048e8'],
  ['#f08c00', '#c2255c', '#0c8599', '#5c940d'],
];
export const BEST_COLOR = '#f59f00';

export function seriesColor(series: ChartSeries, indexInSpec: number): string {
  const palette = RUN_PALETTES[series.run % RUN_PALETTES.length] ?? RUN_PALETTES[0] ?? [];
  return palette[indexInSpec % palette.length] ?? '#888888';
}

/** Training series dashed, validation solid (the convention of most training dashboards). */
export function seriesDash(series: ChartSeries): number[] {
  return series.role === 'train' ? [6, 4] : [];
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
  }
}
