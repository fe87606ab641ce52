import { useCallback, useMemo, useState } from 'react';
import { SPLIT_NAMES, type SplitName } from '../../shared/core/dataset/categories';
import type { EvaluationResult } from '../../shared/contract/evaluation-contract';
import { evaluationCurves, evaluationMetrics, thresholdForFiles } from '../../shared/core/evaluation/evaluation-report';
import { fahVerdict } from '../../shared/core/fah';
import type { RunOperatingPoint } from '../../shared/core/evaluation/operating-point';
import { useApi } from '../app/api-context';
import { PanelFrame } from '../app/panel-placeholder';
import { CurvesView } from './curves-view';
import { FileResultsTable } from './file-results-table';
import { JobProgress, Problem } from './job-status';
import { MetricsView } from './metrics-view';
import { MicTest } from './mic-test';
import { MiningSection } from './mining-section';
import { initialChoice, type OperatingChoice, OperatingPointPicker, type UnsupportedTarget } from './operating-point-picker';
import { RecordingsSection } from './recordings-section';
import { SplitFileDetail } from './split-file-detail';
import { useEvaluation } from './use-evaluation';
import './evaluation.css';
import { errorMessage } from '../../shared/error-message';

/** The threshold a choice resolves to; `tailEvents` when it was extrapolated from that many false accepts. */
function chosenThreshold(result: EvaluationResult, choice: OperatingChoice): { readonly threshold: number; readonly tailEvents: number | null } {
  const { files, generalNegativeHours, streams } = result.scores;
  if (choice.mode === 'threshold' || !(generalNegativeHours > 0)) return { threshold: choice.threshold, tailEvents: null };
  const point = thresholdForFiles(files, generalNegativeHours, choice.targetFah, streams);
  return { threshold: point.threshold, tailEvents: point.tail?.events ?? null };
}

/** Everything shown once a split is scored; recomputed locally (no rescoring) when the operating point moves. */
function EvaluationResults({ result }: { readonly result: EvaluationResult }) {
  const api = useApi();
  const [choice, setChoice] = useState<OperatingChoice>(() => initialChoice(result.operatingPoint, result.targetFah));
  const [saved, setSaved] = useState<RunOperatingPoint>(result.operatingPoint);
  const [saving, setSaving] = useState(false);
  const [saveMessage, setSaveMessage] = useState<string | null>(null);
  const [added, setAdded] = useState<ReadonlyMap<string, string>>(new Map());
  const [fileError, setFileError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const { files, generalNegativeHours, streams } = result.scores;

  const { threshold, tailEvents } = useMemo(() => chosenThreshold(result, choice), [result, choice]);
  const metrics = useMemo(() => evaluationMetrics(files, generalNegativeHours, threshold, streams), [files, generalNegativeHours, threshold, streams]);
  const curves = useMemo(() => evaluationCurves(files, generalNegativeHours, 300, streams), [files, generalNegativeHours, streams]);
  const targetFah = choice.mode === 'target-fah' ? choice.targetFah : result.targetFah;
  // A threshold picked for a target FA/h means little when the split's negative hours cannot show that target.
  const unsupported = useMemo((): UnsupportedTarget | null => {
    if (choice.mode !== 'target-fah' || !(choice.targetFah > 0)) return null;
    const verdict = fahVerdict(metrics.fahEstimate.hours, choice.targetFah, `The ${result.split} split's FA/h`);
    return verdict.supported ? null : { split: result.split, hours: metrics.fahEstimate.hours, hoursNeeded: verdict.hoursNeeded, hardNegativeFpr: metrics.hardNegativeFpr, tailEvents };
  }, [choice.mode, choice.targetFah, metrics.fahEstimate.hours, metrics.hardNegativeFpr, result.split, tailEvents]);
  // A click on a curve picks the threshold of the point clicked, like the slider.
  const pickThreshold = useCallback((t: number) => setChoice((c) => ({ ...c, mode: 'threshold', threshold: t })), []);

  const save = (): void => {
    setSaving(true);
    setSaveMessage(null);
    api
      .invoke('evaluation:save-operating-point', {
        runId: result.runId,
        threshold,
        source: choice.mode,
        targetFah: choice.mode === 'target-fah' ? choice.targetFah : null,
        split: result.split,
        frr: metrics.frr,
        fah: Number.isNaN(metrics.fah) ? null : metrics.fah,
        fahEstimate: metrics.fahEstimate,
        smoothing: choice.smoothing,
        hopSeconds: choice.hopSeconds,
        refractorySeconds: choice.refractorySeconds,
      })
      .then(
        (point) => {
          setSaved(point);
          setSaveMessage(`Saved threshold ${point.threshold.toFixed(4)} with the run${unsupported ? ', although the negative audio cannot support its target' : ''}.`);
        },
        (e: unknown) => setSaveMessage(`Could not save: ${errorMessage(e)}`),
      )
      .finally(() => setSaving(false));
  };

  const addHardNegative = (path: string): void => {
    setFileError(null);
    api.invoke('evaluation:add-hard-negative', { path }).then(
      (copy) => setAdded((previous) => new Map(previous).set(path, copy.path)),
      (e: unknown) => setFileError(errorMessage(e)),
    );
  };

  return (
    <>
      {result.scores.warnings.length > 0 && (
        <ul className="banner banner--warning" aria-label="Evaluation warnings">
          {result.scores.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <OperatingPointPicker choice={choice} unsupported={unsupported} threshold={threshold} saved={saved} saving={saving} saveMessage={saveMessage} onChange={setChoice} onSave={save} />
      <MetricsView metrics={metrics} split={result.split} targetFah={targetFah} />
      <CurvesView curves={curves} metrics={metrics} onPick={pickThreshold} />
      <Problem text={fileError} />
      <FileResultsTable
        files={files}
        threshold={threshold}
        added={added}
        playing={playing}
        onPlay={setPlaying}
        onStop={() => setPlaying(null)}
        renderDetail={(path) => <SplitFileDetail key={path} runId={result.runId} path={path} threshold={threshold} />}
        onAddHardNegative={addHardNegative}
      />
    </>
  );
}

export function EvaluationPanel() {
  const { runs, runsError, running, progress, result, error, reloadRuns, evaluate } = useEvaluation();
  const [picked, setRunId] = useState('');
  const [split, setSplit] = useState<SplitName>('test');
  // The newest run until the user picks one (or when the picked one disappears from the list).
  const runId = runs?.some((run) => run.id === picked) ? picked : (runs?.[0]?.id ?? '');

  return (
    <PanelFrame title="Evaluation" intro="Measure a trained model on a split: FRR, false accepts per hour, ROC and DET curves, per-file results; choose and save the operating point; score any recording over time; mine false accepts from long recordings.">
      <section aria-labelledby="evaluate-heading" className="card">
        <h3 id="evaluate-heading">Evaluate a run</h3>
        {runs !== null && runs.length === 0 && !runsError && <p className="evaluation__hint">No trained runs yet: train a model in the Training panel first.</p>}
        <Problem text={runsError} />
        <div className="evaluation__row">
          <label className="evaluation__field">
            Run
            <select value={runId} onChange={(event) => setRunId(event.target.value)} disabled={!runs || runs.length === 0}>
              {(runs ?? []).map((run) => (
                <option key={run.id} value={run.id}>
                  {run.meta.name || run.id} ({run.meta.status}, best epoch {run.meta.best?.epoch ?? '–'})
                </option>
              ))}
            </select>
          </label>
          <label className="evaluation__field">
            Split
            <select value={split} onChange={(event) => setSplit(event.target.value as SplitName)}>
              {SPLIT_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => evaluate(runId, split)} disabled={running || runId === ''}>
            Evaluate
          </button>
          <button type="button" className="link-button" onClick={reloadRuns}>
            Refresh runs
          </button>
        </div>
        {running && <JobProgress label="Evaluation progress" progress={progress} />}
        <Problem text={error} />
        {result && (
          <p role="status">
            {result.runId}, {result.split} split: {result.scores.files.length} files scored on {result.backend}.
          </p>
        )}
      </section>
      {result && <EvaluationResults key={`${result.runId}:${result.split}:${result.scores.files.length}:${String(result.operatingPoint.savedAt)}`} result={result} />}
      {runId !== '' && <RecordingsSection key={`recordings-${runId}`} runId={runId} />}
      {runId !== '' && <MiningSection key={runId} runId={runId} />}
      {runId !== '' && <MicTest key={`mic-${runId}`} runId={runId} />}
    </PanelFrame>
  );
}
