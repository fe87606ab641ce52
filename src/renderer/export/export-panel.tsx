import { useEffect, useState } from 'react';
import type { ExportProgress, ExportResult } from '../../shared/export/contract';
import type { ExportFormat } from '../../shared/export/wakeword-manifest';
import type { RunSummary } from '../../shared/run-meta';
import { useApi } from '../app/api-context';
import { PanelFrame } from '../app/panel-placeholder';
import { ExportResultView } from './export-result-view';
import './export.css';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `<workspace>/exports/<run-id>-<format>`, in the workspace path's own separator style. */
export function defaultOutDir(workspace: string, runId: string, format: ExportFormat): string {
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return [workspace.replace(/[\\/]+$/, ''), 'exports', `${runId}-${format}`].join(sep);
}

const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = { tfjs: 'TensorFlow.js (layers model)', onnx: 'ONNX', oww: 'openWakeWord (oww_* runs)' };

export function ExportPanel() {
  const api = useApi();
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [workspace, setWorkspace] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [runId, setRunId] = useState('');
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [int8, setInt8] = useState(false);
  const [outDir, setOutDir] = useState('');
  const [outEdited, setOutEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
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
      (e: unknown) => live && setLoadError(message(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => api.on('export:progress', (payload) => setProgress(payload)), [api]);

  const suggested = workspace && runId ? defaultOutDir(workspace, runId, format) : '';
  const shownOutDir = outEdited ? outDir : suggested;

  const start = (): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    setProgress(null);
    const args = { runId, format, ...(format === 'onnx' && int8 ? { int8: true } : {}), ...(shownOutDir.trim() ? { outDir: shownOutDir.trim() } : {}) };
    api
      .invoke('export:run', args)
      .then(setResult, (e: unknown) => setError(message(e)))
      .finally(() => setBusy(false));
  };

  return (
    <PanelFrame title="Export" intro="Export a trained model as TensorFlow.js or ONNX, with the exact front-end definition and threshold beside it.">
      {loadError && (
        <p role="alert" className="export__problem">
          Could not list runs: {loadError}
        </p>
      )}
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
          <fieldset className="export__field" disabled={busy}>
            <legend>Format</legend>
            {(['tfjs', 'onnx'] as const).map((value) => (
              <label key={value} className="export__choice">
                <input type="radio" name="export-format" value={value} checked={format === value} onChange={() => setFormat(value)} />
                {FORMAT_LABELS[value]}
              </label>
            ))}
          </fieldset>
          <label className="export__choice">
            <input type="checkbox" checked={format === 'onnx' && int8} disabled={busy || format !== 'onnx'} onChange={(event) => setInt8(event.target.checked)} />
            Also write INT8 weights (ONNX only; reports the accuracy change)
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
            <button type="submit" disabled={busy || !runId}>
              Export
            </button>
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
      {error && (
        <p role="alert" className="export__problem">
          Export failed: {error}
        </p>
      )}
      {result && <ExportResultView result={result} />}
    </PanelFrame>
  );
}
