import { useEffect, useState } from 'react';
import type { RequestArgs } from '../../shared/contract/api';
import type { ExportOptions, ExportProgress } from '../../shared/contract/export-contract';
import type { ExportFormat } from '../../shared/export/wakeword-manifest';
import type { RunSummary } from '../../shared/run-meta';
import { errorMessage } from '../../shared/error-message';
import { owwModelName } from '../../shared/export/oww-model-name';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { useRequest } from '../app/use-request';
import { PanelFrame } from '../app/panel-placeholder';
import { ExportResultView } from './export-result-view';
import './export.css';

/** `<workspace>/exports/<run-id>-<format>`, in the workspace path's own separator style. */
export function defaultOutDir(workspace: string, runId: string, format: ExportFormat): string {
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return [workspace.replace(/[\\/]+$/, ''), 'exports', `${runId}-${format}`].join(sep);
}

/** Why INT8 is or is not on offer: only the plain ONNX exporter quantises (src/ml/export/log-mel-export.ts). */
const INT8_HINTS: Readonly<Record<ExportFormat, string>> = {
  onnx: '(a second, smaller model.int8.onnx; reports the accuracy change)',
  oww: '(not available: openWakeWord models are exported as float32, which is what openWakeWord loads)',
  tfjs: '(not available for TensorFlow.js: choose ONNX for INT8 weights)',
};

export function ExportPanel() {
  const api = useApi();
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [workspace, setWorkspace] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [runId, setRunId] = useState('');
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [options, setOptions] = useState<ExportOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [phrase, setPhrase] = useState('');
  const [int8, setInt8] = useState(false);
  const [outDir, setOutDir] = useState('');
  const [outEdited, setOutEdited] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  // An export takes a while (conversion, checks): the hook drops its answer if the panel is gone by then.
  const exportRun = useRequest((args: RequestArgs<'export:run'>) => api.invoke('export:run', args));
  const { running: busy, result } = exportRun;
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.invoke('settings:get'), api.invoke('training:runs')]).then(
      ([settings, all]) => {
        if (!live) return;
        const trained = all.filter((run) => run.meta.best !== null);
        setWorkspace(settings.workspace);
        setRuns(trained);
        setRunId((current) => current || (trained[0]?.id ?? ''));
      },
      (e: unknown) => live && setLoadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => api.on('export:progress', (payload) => setProgress(payload)), [api]);

  // The formats, phrase and folder choice depend on the run: an oww_* model exports only as openWakeWord.
  useEffect(() => {
    if (!runId) return;
    let live = true;
    setOptions(null);
    setOptionsError(null);
    api.invoke('export:options', { runId }).then(
      (next) => {
        if (!live) return;
        setOptions(next);
        setPhrase(next.phrase);
        setFormat((current) => (next.formats.some((option) => option.format === current) ? current : (next.formats[0]?.format ?? current)));
      },
      (e: unknown) => live && setOptionsError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, runId]);

  const suggested = workspace && runId ? defaultOutDir(workspace, runId, format) : '';
  const shownOutDir = outEdited ? outDir : suggested;

  const start = (): void => {
    setError(null);
    exportRun.reset();
    setProgress(null);
    const args = {
      runId,
      format,
      ...(format === 'onnx' && int8 ? { int8: true } : {}),
      ...(shownOutDir.trim() ? { outDir: shownOutDir.trim() } : {}),
      ...(format === 'oww' && phrase.trim() ? { phrase: phrase.trim() } : {}),
    };
    void exportRun.run(args);
  };

  const chooseFolder = (): void => {
    api.invoke('export:pick-folder').then(
      (folder) => {
        if (folder === null) return;
        setOutEdited(true);
        setOutDir(folder);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  return (
    <PanelFrame title="Export" intro="Export a trained model in the formats its run supports, with the exact front end, wake phrase and threshold beside it in wakeword.json.">
      <ErrorNotice text={loadError && `Could not list runs: ${loadError}`} onDismiss={() => setLoadError(null)} />
      {runs !== null && runs.length === 0 && <p className="export__hint">No run has a trained model yet: train one in the Training panel first.</p>}
      {runs !== null && runs.length > 0 && (
        <form
          className="export__form"
          onSubmit={(event) => {
            event.preventDefault();
            start();
          }}
        >
          <label className="export__field">
            Run
            <select value={runId} onChange={(event) => setRunId(event.target.value)} disabled={busy}>
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.meta.name && run.meta.name !== run.id ? `${run.id} (${run.meta.name})` : run.id} · {run.meta.best ? `epoch ${run.meta.best.epoch}` : ''}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="export__field export__formats" disabled={busy || options === null}>
            <legend>Format</legend>
            {optionsError && (
              <p role="alert" className="export__problem">
                Cannot export this run: {optionsError}
              </p>
            )}
            {options === null && !optionsError && <span className="export__hint">Reading the run…</span>}
            {options?.formats.map((option) => (
              <label key={option.format} className="export__choice">
                <input type="radio" name="export-format" value={option.format} checked={format === option.format} onChange={() => setFormat(option.format)} aria-describedby={`export-format-${option.format}`} />
                <span>
                  {option.label}
                  <span id={`export-format-${option.format}`} className="export__runs-on">
                    {' '}
                    — runs on {option.runsOn}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {format === 'oww' && (
            <div className="export__field">
              <label className="export__field">
                Wake phrase
                <input type="text" value={phrase} maxLength={100} disabled={busy} aria-describedby="export-phrase-hint" onChange={(event) => setPhrase(event.target.value)} />
              </label>
              <span id="export-phrase-hint" className="export__hint">
                openWakeWord reports detections by this name (the model file becomes {owwModelName(phrase)}.onnx).
              </span>
            </div>
          )}
          <label className="export__choice">
            <input type="checkbox" checked={format === 'onnx' && int8} disabled={busy || format !== 'onnx'} aria-describedby="export-int8-hint" onChange={(event) => setInt8(event.target.checked)} />
            Also write INT8 weights
            <span id="export-int8-hint" className="export__hint">
              {INT8_HINTS[format]}
            </span>
          </label>
          <label className="export__field export__grow">
            Output folder
            <input
              type="text"
              value={shownOutDir}
              placeholder="<workspace>/exports/<run-id>-<format>"
              disabled={busy}
              onChange={(event) => {
                setOutEdited(true);
                setOutDir(event.target.value);
              }}
            />
          </label>
          <div className="export__actions">
            <button type="submit" disabled={busy || !runId || options === null || (format === 'oww' && phrase.trim() === '')}>
              Export
            </button>
            {options?.canPickFolder && (
              <button type="button" disabled={busy} onClick={chooseFolder}>
                Choose folder…
              </button>
            )}
            {outEdited && (
              <button type="button" disabled={busy} onClick={() => setOutEdited(false)}>
                Use default folder
              </button>
            )}
          </div>
        </form>
      )}
      {busy && (
        <div className="export__progress" role="status">
          <progress aria-label="Export progress" {...(progress?.fraction !== null && progress?.fraction !== undefined ? { value: progress.fraction, max: 1 } : {})} />
          <span>{progress?.step ?? 'Starting the export…'}</span>
        </div>
      )}
      <ErrorNotice text={exportRun.error && `Export failed: ${exportRun.error}`} onDismiss={exportRun.dismissError} />
      <ErrorNotice text={error && `Could not choose a folder: ${error}`} onDismiss={() => setError(null)} />
      {result && <ExportResultView result={result} />}
    </PanelFrame>
  );
}
