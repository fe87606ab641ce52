import { useId, useMemo, useState } from 'react';
import { CHART_SPECS, shapeRuns, type ChartId, type RunHistory } from '../../shared/core/training-view/chart-data';
import { historyToCsv } from '../../shared/core/training-view/history-csv';
import { downloadText } from './download';
import { MetricChart } from './metric-chart';

const MAIN_CHARTS: readonly ChartId[] = ['loss', 'accuracy', 'detection'];
const SMALL_CHARTS: readonly ChartId[] = ['lr', 'throughput'];

interface TrainingChartsProps {
  /** One run, or two overlaid for comparison. */
  readonly runs: readonly RunHistory[];
  /** Base of exported file names (the run id). */
  readonly exportBase: string;
  readonly heading: string;
}

/** Loss, accuracy and detection-rate charts, small LR and throughput charts, and the CSV export. */
export function TrainingCharts({ runs, exportBase, heading }: TrainingChartsProps) {
  const headingId = useId();
  const logId = useId();
  const [logLoss, setLogLoss] = useState(false);
  const shaped = useMemo(() => {
    const out = {} as Record<ChartId, ReturnType<typeof shapeRuns>>;
    for (const id of [...MAIN_CHARTS, ...SMALL_CHARTS]) out[id] = shapeRuns(runs, CHART_SPECS[id], { logScale: id === 'loss' && logLoss });
    return out;
  }, [runs, logLoss]);
  const single = runs.length === 1 ? runs[0] : undefined;
  const epochs = runs.reduce((max, run) => Math.max(max, run.history.length), 0);

  const exportCsv = (): void => {
    if (single) downloadText(`${exportBase}-history.csv`, historyToCsv(single.history), 'text/csv');
  };

  return (
    <section aria-labelledby={headingId} className="card training-charts">
      <div className="training-card-header">
        <h3 id={headingId}>{heading}</h3>
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
            {...(id === 'loss'
              ? {
                  logScale: logLoss,
                  toolbar: (
                    <label htmlFor={logId} className="training-chart__toggle">
                      <input id={logId} type="checkbox" checked={logLoss} onChange={(event) => setLogLoss(event.target.checked)} /> Log scale
                    </label>
                  ),
                }
              : {})}
          />
        ))}
      </div>
      <div className="training-charts__small">
        {SMALL_CHARTS.map((id) => (
          <MetricChart key={id} chart={shaped[id]} exportName={`${exportBase}-${id}`} small />
        ))}
      </div>
    </section>
  );
}
