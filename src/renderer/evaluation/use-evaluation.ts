import { useCallback, useEffect, useState } from 'react';
import type { SplitName } from '../../shared/core/dataset/categories';
import type { EvaluationProgress, EvaluationResult } from '../../shared/contract/evaluation-contract';
import type { RunSummary } from '../../shared/run-meta';
import { useApi } from '../app/api-context';
import { useRequest } from '../app/use-request';

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

/** Runs to pick from, and one evaluation at a time with its progress. */
export function useEvaluation(): EvaluationState {
  const api = useApi();
  const [progress, setProgress] = useState<EvaluationProgress | null>(null);
  // Both requests can outlive the panel (an evaluation takes minutes): the hook drops their late answers.
  const runsRequest = useRequest(() => api.invoke('training:runs').then((list) => list.filter((run) => run.meta.best !== null)));
  const evaluation = useRequest((runId: string, split: SplitName) => api.invoke('evaluation:run', { runId, split }));
  const { run: loadRuns } = runsRequest;
  const { run: runEvaluation, running, result, error } = evaluation;
  const runsError = runsRequest.error;
  const runs = runsRequest.result ?? (runsError === null ? null : []);

  const reloadRuns = useCallback(() => void loadRuns(), [loadRuns]);

  useEffect(() => reloadRuns(), [reloadRuns]);
  useEffect(() => api.on('evaluation:progress', (p) => (p.job === 'evaluate' ? setProgress(p) : undefined)), [api]);

  const evaluate = useCallback(
    (runId: string, split: SplitName) => {
      setProgress(null);
      void runEvaluation(runId, split);
    },
    [runEvaluation],
  );

  return { runs, runsError, running, progress, result, error, reloadRuns, evaluate };
}
