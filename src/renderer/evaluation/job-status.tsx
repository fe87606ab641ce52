import type { EvaluationProgress } from '../../shared/contract/evaluation-contract';

/** Progress of a model job in main (evaluation, detection); before the first report the model is loading. */
export function JobProgress({ label, progress }: { readonly label: string; readonly progress: EvaluationProgress | null }) {
  return (
    <div className="evaluation__progress">
      <progress aria-label={label} max={progress?.total ?? undefined} value={progress?.done ?? undefined} />
      <span>{progress?.detail ?? 'Loading the model…'}</span>
    </div>
  );
}

/** A failure to show in place, announced to screen readers; nothing when there is none. */
export function Problem({ text }: { readonly text: string | null }) {
  return text ? (
    <p role="alert" className="evaluation__problem">
      {text}
    </p>
  ) : null;
}
