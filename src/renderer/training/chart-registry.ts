import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

let registered = false;

/**
 * Registers only what the Training charts draw (line charts on linear/log axes with tooltips, a legend, and
 * zoom and pan), on first use rather than at import, instead of `chart.js/auto`'s everything.
 */
export function registerChartComponents(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, zoomPlugin);
  registered = true;
}
