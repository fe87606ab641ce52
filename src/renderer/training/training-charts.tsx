import { useId, useMemo, useState } from 'react';
import { CHART_SPECS, shapeRuns, type ChartId, type RunHistory } from '../../shared/core/training-view/chart-data';
import { historyToCsv } from '../../shared/core/training-view/history-csv';
import { downloadText } from './download';
import { MetricChart } from './metric-chart';

const MAIN_CHARTS: readonly ChartId[] = ['loss', 'accuracy', 'detection', 'fah'];
const SMALL_CHARTS: readonly ChartId[] = ['lr', 'throughput'];
/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;

interface TrainingChartsProps {
  /** One run, or two overlaid for comparison. */
  readonly runs: readonly RunHistory[];
  /** Base of exported file names (the run id). */
  readonly exportBase: string;
  readonly heading: string;
}

/** Rate charts start on a log axis (their values span decades); loss starts linear. Each has its own toggle. */
const initialLog = (): Record<ChartId, boolean> => {
  const out = {} as Record<ChartId, boolean>;
  for (const id of [...MAIN_CHARTS, ...SMALL_CHARTS]) out[id] = CHART_SPECS[id].rate;
  return out;
};

function LogToggle({ checked, onChange, title }: { readonly checked: boolean; readonly onChange: (checked: boolean) => void; readonly title: string }) {
  const id = useId();
  return (
    <label htmlFor={id} className="training-chart__toggle">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-label={`Log scale for ${title}`} /> Log scale
    </label>
  );
}

/** Loss, accuracy, error-rate and FA/h charts, small LR and throughput charts, smoothing, and the CSV export. */
export function TrainingCharts({ runs, exportBase, heading }: TrainingChartsProps) {
  const headingId = useId();
  const smoothingId = useId();
  const [log, setLog] = useState(initialLog);
  const [smoothing, setSmoothing] = useState(DEFAULT_SMOOTHING);
  const shaped = useMemo(() => {
    const out = {} as Record<ChartId, ReturnType<typeof shapeRuns>>;
    // Zeros stay in the data: on a log axis the chart draws them at its floor, labelled "0".
    for (const id of [...MAIN_CHARTS, ...SMALL_CHARTS]) out[id] = shapeRuns(runs, CHART_SPECS[id]);
    return out;
  }, [runs]);
  const single = runs.length === 1 ? runs[0] : undefined;
  const compare = runs.length > 1;
  const epochs = runs.reduce((max, run) => Math.max(max, run.history.length), 0);

  const exportCsv = (): void => {
    if (single) downloadText(`${exportBase}-history.csv`, historyToCsv(single.history), 'text/csv');
  };

  return (
    <section aria-labelledby={headingId} className="card training-charts">
      <div className="training-card-header">
        <h3 id={headingId}>{heading}</h3>
        <label htmlFor={smoothingId} className="training-charts__smoothing">
          Smoothing
          <input id={smoothingId} type="range" aria-label="Smoothing" min={0} max={0.99} step={0.01} value={smoothing} onChange={(event) => setSmoothing(Number(event.target.value))} />
          <output htmlFor={smoothingId}>{smoothing.toFixed(2)}</output>
        </label>
        {single && (
          <button type="button" className="training-button training-button--small" onClick={exportCsv} disabled={single.history.length === 0}>
            Export history as CSV
          </button>
        )}
      </div>
      {epochs === 0 && <p className="training-muted">Charts fill in as epochs finish.</p>}
      <div className="training-charts__main">
        {MAIN_CHARTS.map((id) => (
          <MetricChart
            key={id}
            chart={shaped[id]}
            exportName={`${exportBase}-${id}`}
            logScale={log[id]}
            smoothing={smoothing}
            compare={compare}
            toolbar={<LogToggle checked={log[id]} title={CHART_SPECS[id].title} onChange={(checked) => setLog((previous) => ({ ...previous, [id]: checked }))} />}
          />
        ))}
      </div>
      <div className="training-charts__small">
        {SMALL_CHARTS.map((id) => (
          <MetricChart key={id} chart={shaped[id]} exportName={`${exportBase}-${id}`} compare={compare} small />
        ))}
      </div>
    </section>
  );
}
