import { useCallback, useEffect, useState } from 'react';
import type { SplitName } from '../../shared/core/dataset/categories';
import type { EvaluationProgress, EvaluationResult } from '../../shared/core/evaluation/contract';
import type { RunSummary } from '../../shared/run-meta';
import { useApi } from '../app/api-context';

export interface EvaluationState {
  readonly runs: readonly RunSummary[] | null;
  readonly runsError: string | null;
  readonly running: boolean;
  readonly progress: EvaluationProgress | null;
  readonly result: EvaluationResult | null;
  readonly error: string | null;
  readonly reloadRuns: () => void;
  readonly evaluate: (runId: string, split: SplitName) => void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs to pick from, and one evaluation at a time with its progress. */
export function useEvaluation(): EvaluationState {
  const api = useApi();
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [runsError, setRunsError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<EvaluationProgress | null>(null);
  const [result, setResult] = useState<EvaluationResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reloadRuns = useCallback(() => {
    setRunsError(null);
    api.invoke('training:runs').then(
      (list) => setRuns(list.filter((run) => run.meta.best !== null)),
      (e: unknown) => {
        setRuns([]);
        setRunsError(message(e));
      },
    );
  }, [api]);

  useEffect(() => reloadRuns(), [reloadRuns]);
  useEffect(() => api.on('evaluation:progress', (p) => (p.job === 'evaluate' ? setProgress(p) : undefined)), [api]);

  const evaluate = useCallback(
    (runId: string, split: SplitName) => {
      setRunning(true);
      setError(null);
      setProgress(null);
      api.invoke('evaluation:run', { runId, split }).then(
        (value) => {
          setResult(value);
          setRunning(false);
        },
        (e: unknown) => {
          setError(message(e));
          setRunning(false);
        },
      );
    },
    [api],
  );

  return { runs, runsError, running, progress, result, error, reloadRuns, evaluate };
}
