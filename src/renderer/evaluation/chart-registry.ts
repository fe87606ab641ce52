import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';

let registered = false;

/** Only what the evaluation curves draw: lines and points on linear/log axes, tooltips, a legend. */
export function registerEvaluationCharts(): void {
  if (registered) return;
  Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);
  registered = true;
}
