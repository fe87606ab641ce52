import type { Chart, Plugin } from 'chart.js';
import { useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Line } from 'react-chartjs-2';
import type { ShapedChart } from '../../shared/core/training-view/chart-data';
import { registerChartComponents } from './chart-registry';
import { chartData, chartOptions, type ChartPoint } from './chart-config';
import { OKABE_ITO, type ChartColors } from './chart-style';
import { downloadUrl } from './download';
import { useChartColors } from './use-chart-colors';

type LineChart = Chart<'line', ChartPoint[]>;

/** Above this many points per line, dots and animation only cost frames. */
const DENSE_POINTS = 120;

interface MetricChartProps {
  readonly chart: ShapedChart;
  readonly logScale?: boolean;
  readonly small?: boolean;
  /** TensorBoard-style smoothing weight (0 = raw). */
  readonly smoothing?: number;
  /** Several runs overlaid (one colour per run). */
  readonly compare?: boolean;
  /** File name (without extension) of the PNG export. */
  readonly exportName: string;
  /** Extra controls beside the export button (e.g. the log-scale toggle). */
  readonly toolbar?: ReactNode;
}

/**
 * Draws the best epochs as dashed vertical lines and paints the canvas background (so an exported PNG
 * is readable in either theme). Local to each chart: nothing is registered globally.
 */
/** A best epoch's vertical line: where and in which colour. */
interface EpochLine {
  readonly epoch: number;
  readonly color: string;
}

function decorations(markers: { current: readonly EpochLine[] }, colors: { current: ChartColors }): Plugin<'line'> {
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
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      for (const marker of markers.current) {
        ctx.strokeStyle = marker.color;
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
export function MetricChart({ chart, logScale = false, small = false, smoothing = 0, compare = false, exportName, toolbar }: MetricChartProps) {
  registerChartComponents();
  const headingId = useId();
  const ref = useRef<LineChart | undefined>(undefined);
  const colors = useChartColors();
  const pointCount = chart.series.reduce((sum, s) => sum + s.points.length, 0);
  const longest = chart.series.reduce((max, s) => Math.max(max, s.points.length), 0);
  const dense = longest > DENSE_POINTS;
  const [zoomed, setZoomed] = useState(false);
  const view = useMemo(() => ({ colors, logScale, smoothing, dense, small, compare, onZoomChange: setZoomed }), [colors, logScale, smoothing, dense, small, compare]);
  const data = useMemo(() => chartData(chart, view), [chart, view]);
  const options = useMemo(() => chartOptions(chart, view), [chart, view]);

  // The plugin reads the latest markers and colours through refs, set before react-chartjs-2's update effect runs.
  // The same colour as the marker's star (chart-config): the run's colour when comparing, else the text colour.
  const lines = (): EpochLine[] =>
    chart.spec.bestMarker ? chart.best.map((m) => ({ epoch: m.epoch, color: compare ? (OKABE_ITO[m.run % OKABE_ITO.length] ?? colors.text) : colors.text })) : [];
  const markersRef = useRef<readonly EpochLine[]>(lines());
  const colorsRef = useRef<ChartColors>(colors);
  useLayoutEffect(() => {
    markersRef.current = lines();
    colorsRef.current = colors;
  });
  const plugins = useMemo(() => [decorations(markersRef, colorsRef)], []);

  const resetZoom = (): void => {
    ref.current?.resetZoom();
    setZoomed(false);
  };

  const exportPng = (): void => {
    const instance = ref.current;
    if (instance) downloadUrl(`${exportName}.png`, instance.toBase64Image('image/png', 1));
  };

  const title = chart.spec.title;
  const summary = pointCount === 0 ? 'no data yet' : `${String(chart.series[0]?.points.at(-1)?.x ?? 0)} epochs`;
  return (
    <figure className={['training-chart', small ? 'training-chart--small' : compare ? 'training-chart--compare' : ''].filter(Boolean).join(' ')} aria-labelledby={headingId} data-chart={chart.spec.id} data-points={pointCount}>
      <figcaption className="training-chart__header">
        <span id={headingId} className="training-chart__title">
          {title}
        </span>
        {chart.downsampled && <span className="training-chart__note">downsampled for display</span>}
        <span className="training-chart__tools">
          {toolbar}
          <button type="button" className="training-button training-button--small" onClick={resetZoom} disabled={!zoomed} aria-label={`Reset zoom of ${title}`} title="Drag across the chart to zoom into epochs, shift-drag to pan, ctrl-wheel to zoom">
            Reset zoom
          </button>
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
