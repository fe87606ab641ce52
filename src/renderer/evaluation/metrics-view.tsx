import type { SplitName } from '../../shared/core/dataset/categories';
import type { EvaluationMetrics } from '../../shared/core/evaluation/evaluation-report';
import { fahVerdict, formatHours } from '../../shared/core/fah';
import { fixed, percent } from './format';

interface Card {
  readonly label: string;
  readonly value: string;
  readonly hint: string;
}

function cards(m: EvaluationMetrics): readonly Card[] {
  return [
    { label: 'FRR', value: percent(m.frr, 2), hint: 'wake words missed' },
    {
      label: 'FA/h',
      value: Number.isFinite(m.fahEstimate.upper95) ? `${fixed(m.fah, 2)} (≤ ${fixed(m.fahEstimate.upper95, 2)})` : fixed(m.fah, 2),
      hint: `${String(m.falseAccepts)} false accepts in ${formatHours(m.generalNegativeHours)} of general negatives (${m.fahBasis === 'streaming' ? 'streaming detections over continuous audio' : 'accepted windows'}); ≤ is the 95 % upper bound`,
    },
    { label: 'Hard-negative FPR', value: percent(m.hardNegativeFpr, 1), hint: 'confusable phrases accepted (not part of FA/h)' },
    { label: 'FPR', value: percent(m.fpr, 2), hint: 'all negatives accepted' },
    { label: 'Accuracy', value: percent(m.accuracy), hint: `all ${m.countedUnit}` },
    { label: 'Precision', value: percent(m.precision), hint: 'accepts that were wake words' },
    { label: 'Recall', value: percent(m.recall), hint: 'wake words found' },
    { label: 'F1', value: fixed(m.f1), hint: 'precision and recall combined' },
    { label: 'EER', value: percent(m.eer, 2), hint: `where FPR = FRR, threshold ${fixed(m.eerThreshold, 3)}` },
    { label: 'ROC AUC', value: fixed(m.auc, 4), hint: 'ranking quality, any threshold' },
  ];
}

export function MetricsView({ metrics, split, targetFah }: { readonly metrics: EvaluationMetrics; readonly split?: SplitName; readonly targetFah?: number }) {
  const warning = targetFah !== undefined && targetFah > 0 ? fahVerdict(metrics.generalNegativeHours, targetFah, `The ${split ?? 'split'}'s FA/h`).warning : null;
  const unit = metrics.countedUnit === 'files' ? 'files' : 'windows; long negatives are cut into several';
  return (
    <section aria-labelledby="evaluation-metrics-heading" className="card">
      <h3 id="evaluation-metrics-heading">Metrics at threshold {fixed(metrics.threshold, 4)}</h3>
      <dl className="evaluation__cards">
        {cards(metrics).map((card) => (
          <div key={card.label} className="evaluation__metric" title={card.hint}>
            <dt>{card.label}</dt>
            <dd data-testid={`metric-${card.label}`}>{card.value}</dd>
          </div>
        ))}
      </dl>
      <p className="evaluation__fah-basis" data-testid="fah-basis">
        FA/h: {String(metrics.falseAccepts)} false accepts in {formatHours(metrics.generalNegativeHours)} of general negatives
        {metrics.fahBasis === 'streaming' ? ', counted as the streaming detector fires over continuous audio' : ', counted as accepted windows'}; 95 % upper bound{' '}
        {fixed(metrics.fahEstimate.upper95, 2)} FA/h.
      </p>
      {warning && (
        <p role="note" className="banner" data-testid="fah-warning">
          {warning}
        </p>
      )}
      <table className="table evaluation__confusion">
        <caption>
          Confusion matrix ({String(metrics.positives)} positive and {String(metrics.negatives)} negative {unit})
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Predicted wake word</th>
            <th scope="col">Predicted other</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Wake word</th>
            <td data-testid="confusion-tp">TP {metrics.tp}</td>
            <td data-testid="confusion-fn">FN {metrics.fn}</td>
          </tr>
          <tr>
            <th scope="row">Other</th>
            <td data-testid="confusion-fp">FP {metrics.fp}</td>
            <td data-testid="confusion-tn">TN {metrics.tn}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
