import { useMemo } from 'react';
import { Line } from 'react-chartjs-2';
import type { EvaluationCurves, EvaluationMetrics } from '../../shared/core/evaluation/evaluation-report';
import { registerEvaluationCharts } from './chart-registry';
import { curveData, curveOptions, curveSpecs, type CurveSpec } from './curves-config';
import { fixed, percent } from './format';

function Curve({ spec, onPick }: { readonly spec: CurveSpec; readonly onPick?: ((threshold: number) => void) | undefined }) {
  registerEvaluationCharts();
  const data = useMemo(() => curveData(spec), [spec]);
  const options = useMemo(() => curveOptions(spec, onPick), [spec, onPick]);
  return (
    <figure className="evaluation__chart">
      <figcaption>{spec.title}</figcaption>
      <div className="evaluation__canvas" role="img" aria-label={`${spec.title}: ${String(spec.points.length)} points`}>
        <Line data={data} options={options} />
      </div>
    </figure>
  );
}

interface CurvesViewProps {
  readonly curves: EvaluationCurves;
  readonly metrics: EvaluationMetrics;
  /** Called with the threshold of the curve point nearest to a click. */
  readonly onPick?: (threshold: number) => void;
}

export function CurvesView({ curves, metrics, onPick }: CurvesViewProps) {
  const specs = useMemo(() => curveSpecs(curves, metrics), [curves, metrics]);
  return (
    <section aria-labelledby="evaluation-curves-heading" className="card">
      <h3 id="evaluation-curves-heading">Curves</h3>
      <p className="evaluation__hint">
        The orange dot is the operating point (FRR {percent(metrics.frr)}, {fixed(metrics.fah, 2)} FA/h, threshold {fixed(metrics.threshold, 4)}).
        {onPick ? ' Click a curve to move it there.' : ''} FA/h counts general negatives only; on the log axes a rate of zero sits at the first tick, labelled 0.
      </p>
      <div className="evaluation__charts">
        {specs.map((spec) => (
          <Curve key={spec.title} spec={spec} onPick={onPick} />
        ))}
      </div>
    </section>
  );
}
