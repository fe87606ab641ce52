import type { ChartData, ChartOptions } from 'chart.js';
import { useMemo } from 'react';
import { Line } from 'react-chartjs-2';
import type { EvaluationCurves } from '../../shared/core/evaluation/evaluation-report';
import type { EvaluationMetrics } from '../../shared/core/evaluation/evaluation-report';
import { registerEvaluationCharts } from './chart-registry';
import { fixed, percent } from './format';

type Point = { x: number; y: number };

const CURVE_COLOR = '#1f77b4';
const POINT_COLOR = '#d62728';
/** DET axes are logarithmic: zero rates sit at this floor so they stay on the plot. */
const LOG_FLOOR = 1e-3;

interface CurveSpec {
  readonly title: string;
  readonly x: string;
  readonly y: string;
  readonly points: readonly Point[];
  readonly operating: Point | null;
  readonly log?: boolean;
}

function chartData(spec: CurveSpec): ChartData<'line', Point[]> {
  return {
    datasets: [
      { label: spec.title, data: [...spec.points], borderColor: CURVE_COLOR, backgroundColor: CURVE_COLOR, pointRadius: 0, borderWidth: 2, tension: 0 },
      ...(spec.operating
        ? [{ label: 'Operating point', data: [spec.operating], borderColor: POINT_COLOR, backgroundColor: POINT_COLOR, pointRadius: 6, showLine: false }]
        : []),
    ],
  };
}

function chartOptions(spec: CurveSpec): ChartOptions<'line'> {
  const axis = (title: string) => ({ type: spec.log ? ('logarithmic' as const) : ('linear' as const), title: { display: true, text: title } });
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: false,
    scales: { x: axis(spec.x), y: axis(spec.y) },
    plugins: { legend: { display: true }, tooltip: { callbacks: { label: (item) => `${spec.x} ${fixed(item.parsed.x, 4)}, ${spec.y} ${fixed(item.parsed.y, 4)}` } } },
  };
}

function Curve({ spec }: { readonly spec: CurveSpec }) {
  registerEvaluationCharts();
  const data = useMemo(() => chartData(spec), [spec]);
  const options = useMemo(() => chartOptions(spec), [spec]);
  return (
    <figure className="evaluation__chart">
      <figcaption>{spec.title}</figcaption>
      <div className="evaluation__canvas" role="img" aria-label={`${spec.title}: ${String(spec.points.length)} points`}>
        <Line data={data} options={options} />
      </div>
    </figure>
  );
}

const floor = (x: number): number => Math.max(LOG_FLOOR, x);

export function CurvesView({ curves, metrics }: { readonly curves: EvaluationCurves; readonly metrics: EvaluationMetrics }) {
  const specs = useMemo((): readonly CurveSpec[] => {
    const fahPoints = curves.frrVsFah.filter((p) => Number.isFinite(p.fah)).map((p) => ({ x: p.fah, y: p.frr }));
    return [
      { title: 'ROC', x: 'FPR', y: 'TPR', points: curves.roc.map((p) => ({ x: p.fpr, y: p.tpr })), operating: { x: metrics.fpr, y: metrics.recall } },
      {
        title: 'DET',
        x: 'FPR',
        y: 'FRR',
        log: true,
        points: curves.det.map((p) => ({ x: floor(p.fpr), y: floor(p.frr) })),
        operating: { x: floor(metrics.fpr), y: floor(metrics.frr) },
      },
      {
        title: 'FRR vs FA/h',
        x: 'FA/h',
        y: 'FRR',
        points: fahPoints,
        operating: Number.isFinite(metrics.fah) ? { x: metrics.fah, y: metrics.frr } : null,
      },
    ];
  }, [curves, metrics]);
  return (
    <section aria-labelledby="evaluation-curves-heading" className="card">
      <h3 id="evaluation-curves-heading">Curves</h3>
      <p className="evaluation__hint">
        The red dot is the operating point (FRR {percent(metrics.frr)}, {fixed(metrics.fah, 2)} FA/h). FA/h counts general negatives only.
      </p>
      <div className="evaluation__charts">
        {specs.map((spec) => (
          <Curve key={spec.title} spec={spec} />
        ))}
      </div>
    </section>
  );
}
