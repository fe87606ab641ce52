import type { Chart, ChartData, ChartOptions, Plugin } from 'chart.js';
import { useId, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { Line } from 'react-chartjs-2';
import type { BestMarker, ShapedChart } from '../../shared/core/training-view/chart-data';
import { registerChartComponents } from './chart-registry';
import { BEST_COLOR, formatTick, formatValue, seriesColor, seriesDash, type ChartColors } from './chart-style';
import { downloadUrl } from './download';
import { useChartColors } from './use-chart-colors';

type Point = { x: number; y: number | null };
type LineChart = Chart<'line', Point[]>;

/** Above this many points per line, dots and animation only cost frames. */
const DENSE_POINTS = 120;

interface MetricChartProps {
  readonly chart: ShapedChart;
  readonly logScale?: boolean;
  readonly small?: boolean;
  /** File name (without extension) of the PNG export. */
  readonly exportName: string;
  /** Extra controls beside the export button (e.g. the log-scale toggle). */
  readonly toolbar?: ReactNode;
}

function toData(chart: ShapedChart, dense: boolean): ChartData<'line', Point[]> {
  const datasets: ChartData<'line', Point[]>['datasets'] = chart.series.map((series) => {
    const color = seriesColor(series, chart.spec.series.findIndex((s) => s.metric === series.metric));
    return {
      label: series.label,
      data: series.points.map((p) => ({ x: p.x, y: p.y })),
      borderColor: color,
      backgroundColor: color,
      borderDash: seriesDash(series),
      borderWidth: 2,
      pointRadius: dense ? 0 : 2,
      pointHoverRadius: 4,
      spanGaps: true,
      tension: 0,
    };
  });
  for (const marker of chart.best) {
    if (marker.y === null) continue;
    datasets.push({
      label: marker.label,
      data: [{ x: marker.epoch, y: marker.y }],
      borderColor: BEST_COLOR,
      backgroundColor: BEST_COLOR,
      pointStyle: 'star',
      pointRadius: 9,
      pointHoverRadius: 11,
      borderWidth: 2,
      showLine: false,
    });
  }
  return { datasets };
}

function toOptions(chart: ShapedChart, colors: ChartColors, logScale: boolean, dense: boolean, small: boolean): ChartOptions<'line'> {
  const format = chart.spec.format;
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
        min: 1,
        suggestedMax: Math.max(2, chart.epochs),
        title: { display: !small, text: 'Epoch', color: colors.muted },
        ticks: { precision: 0, color: colors.muted, maxTicksLimit: small ? 5 : 11 },
        grid: { color: colors.grid },
      },
      y: {
        type: logScale ? 'logarithmic' : 'linear',
        ...(format === 'percent' ? { min: 0, max: 1 } : {}),
        ticks: { color: colors.muted, maxTicksLimit: small ? 4 : 8, callback: (value) => formatTick(format, Number(value)) },
        grid: { color: colors.grid },
      },
    },
    plugins: {
      legend: { display: !small, labels: { color: colors.text, boxWidth: 14, boxHeight: 2 } },
      tooltip: {
        callbacks: {
          title: (items) => `Epoch ${String(items[0]?.parsed.x ?? '')}`,
          label: (item) => `${item.dataset.label ?? ''}: ${item.parsed.y === null ? '—' : formatValue(format, item.parsed.y)}`,
        },
      },
    },
  };
}

/**
 * Draws the best epochs as dashed vertical lines and paints the canvas background (so an exported PNG
 * is readable in either theme). Local to each chart: nothing is registered globally.
 */
function decorations(markers: { current: readonly BestMarker[] }, colors: { current: ChartColors }): Plugin<'line'> {
  return {
    id: 'wakewordDecorations',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = colors.current.surface;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      ctx.save();
      ctx.strokeStyle = BEST_COLOR;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      for (const marker of markers.current) {
        const px = x.getPixelForValue(marker.epoch);
        if (px < chartArea.left || px > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/**
 * One metric chart. The chart.js instance lives as long as this component: new data updates it in
 * place (react-chartjs-2 copies datasets into the existing chart), so a run of 1,000 epochs never
 * rebuilds the canvas.
 */
export function MetricChart({ chart, logScale = false, small = false, exportName, toolbar }: MetricChartProps) {
  registerChartComponents();
  const headingId = useId();
  const ref = useRef<LineChart | undefined>(undefined);
  const colors = useChartColors();
  const pointCount = chart.series.reduce((sum, s) => sum + s.points.length, 0);
  const longest = chart.series.reduce((max, s) => Math.max(max, s.points.length), 0);
  const dense = longest > DENSE_POINTS;
  const data = useMemo(() => toData(chart, dense), [chart, dense]);
  const options = useMemo(() => toOptions(chart, colors, logScale, dense, small), [chart, colors, logScale, dense, small]);

  // The plugin reads the latest markers and colours through refs, set before react-chartjs-2's update effect runs.
  const markersRef = useRef<readonly BestMarker[]>(chart.best);
  const colorsRef = useRef<ChartColors>(colors);
  useLayoutEffect(() => {
    markersRef.current = chart.best;
    colorsRef.current = colors;
  });
  const plugins = useMemo(() => [decorations(markersRef, colorsRef)], []);

  const exportPng = (): void => {
    const instance = ref.current;
    if (instance) downloadUrl(`${exportName}.png`, instance.toBase64Image('image/png', 1));
  };

  const title = chart.spec.title;
  const summary = pointCount === 0 ? 'no data yet' : `${String(chart.series[0]?.points.at(-1)?.x ?? 0)} epochs`;
  return (
    <figure className={small ? 'training-chart training-chart--small' : 'training-chart'} aria-labelledby={headingId} data-chart={chart.spec.id} data-points={pointCount}>
      <figcaption className="training-chart__header">
        <span id={headingId} className="training-chart__title">
          {title}
        </span>
        {chart.downsampled && <span className="training-chart__note">downsampled for display</span>}
        <span className="training-chart__tools">
          {toolbar}
          <button type="button" className="training-button training-button--small" onClick={exportPng} disabled={pointCount === 0} aria-label={`Save ${title} chart as PNG`}>
            PNG
          </button>
        </span>
      </figcaption>
      <div className="training-chart__canvas">
        <Line ref={ref} data={data} options={options} plugins={plugins} updateMode={dense ? 'none' : 'default'} role="img" aria-label={`${title} chart, ${summary}`} fallbackContent={<p>{`${title}: ${summary}`}</p>} />
      </div>
    </figure>
  );
}
