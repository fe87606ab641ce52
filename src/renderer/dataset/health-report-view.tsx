import type { HealthReport } from '../../shared/core/dataset/health-report';

const SEVERITY_LABEL = { error: 'Problem', warning: 'Warning', info: 'Note', good: 'Good' } as const;

/** The meter's bands (low 50, high 80) in words, so the score reads without decoding a colour. */
export function healthVerdict(score: number): { readonly kind: 'good' | 'fair' | 'poor'; readonly label: string } {
  if (score >= 80) return { kind: 'good', label: 'Ready to train' };
  if (score >= 50) return { kind: 'fair', label: 'Trainable, with gaps' };
  return { kind: 'poor', label: 'Fix the problems first' };
}

function plural(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : 's'}`;
}

function Histogram({ title, bins }: { readonly title: string; readonly bins: HealthReport['durationHistogram'] }) {
  const max = Math.max(1, ...bins.map((bin) => bin.count));
  return (
    <figure className="dataset__histogram">
      <figcaption>{title}</figcaption>
      <ul>
        {bins.map((bin) => (
          <li key={bin.label}>
            <span className="dataset__bin-label">{bin.label}</span>
            <span className="dataset__bar" style={{ width: `${(100 * bin.count) / max}%` }} aria-hidden="true" />
            <span>{bin.count.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Score, named findings (each says what to do) and the two histograms. */
export function HealthReportView({ report }: { readonly report: HealthReport }) {
  const ratio = report.negativeToPositiveRatio;
  const share = report.hardNegativeShare;
  const verdict = healthVerdict(report.score);
  const problems = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.filter((finding) => finding.severity === 'warning').length;
  return (
    <section aria-labelledby="health-heading" className="card">
      <h3 id="health-heading">Dataset health</h3>
      <div className={`dataset__health dataset__health--${verdict.kind}`}>
        <span className="dataset__health-score">
          <span data-testid="health-score">{report.score}</span>
          <small>/100</small>
        </span>
        <span className="dataset__health-gauge">
          <meter min={0} max={100} low={50} high={80} optimum={100} value={report.score} aria-label="Health score" />
          <span className="dataset__health-verdict" data-testid="health-verdict">
            {verdict.label}: {problems === 0 && warnings === 0 ? 'no problems or warnings' : `${plural(problems, 'problem')}, ${plural(warnings, 'warning')}`}
          </span>
        </span>
      </div>
      <ul className="dataset__findings" aria-label="Findings">
        {report.findings.map((finding) => (
          <li key={finding.id} className={`dataset__finding dataset__finding--${finding.severity}`}>
            <strong>{SEVERITY_LABEL[finding.severity]}:</strong> {finding.message}
          </li>
        ))}
      </ul>
      <p>
        Negative:positive ratio: {ratio === null ? '—' : `${ratio.toFixed(1)}:1`} · Hard negatives: {share === null ? '—' : `${(100 * share).toFixed(1)}%`} · Background:{' '}
        {report.hasBackground ? 'yes' : 'no'} · Room impulse responses: {report.hasRirs ? 'yes' : 'no'}
      </p>
      <div className="dataset__row">
        <Histogram title="Sample rates" bins={report.sampleRateHistogram} />
        <Histogram title="Clip durations" bins={report.durationHistogram} />
      </div>
    </section>
  );
}
