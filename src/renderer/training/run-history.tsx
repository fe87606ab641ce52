import { useEffect, useMemo, useState } from 'react';
import type { RunHistory as ChartRun } from '../../shared/core/training-view/chart-data';
import { formatFahEstimate } from '../../shared/core/fah';
import { formatDateTime, formatFah, formatNumber, formatPercent, formatProgress } from '../../shared/core/training-view/format';
import type { RunDetail, RunSummary } from '../../shared/run-meta';
import { useApi } from '../app/api-context';
import { BestModelCard } from './best-model-card';
import { ResumeCheckpoint } from './resume-checkpoint';
import { TrainingCharts } from './training-charts';
import { errorMessage } from '../../shared/error-message';

type Opened = { readonly kind: 'view'; readonly runs: readonly RunDetail[] } | { readonly kind: 'compare'; readonly runs: readonly RunDetail[] } | null;

function runLabel(summary: RunSummary): string {
  return summary.meta.name;
}

function chartRuns(details: readonly RunDetail[]): ChartRun[] {
  return details.map((detail) => ({ label: detail.meta.name, history: detail.history, bestEpoch: detail.meta.best?.epoch ?? null }));
}

interface RunHistoryProps {
  /** Changes whenever a run starts or ends, so the list is re-read. */
  readonly refreshKey: string;
  readonly canResume: boolean;
}

/** Past runs of the workspace: open one's charts read-only, overlay two, or resume one from a checkpoint. */
export function RunHistory({ refreshKey, canResume }: RunHistoryProps) {
  const api = useApi();
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [opened, setOpened] = useState<Opened>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let mounted = true;
    api.invoke('training:runs').then(
      (list) => {
        if (!mounted) return;
        setRuns(list);
        setError(null);
        setSelected((previous) => previous.filter((id) => list.some((run) => run.id === id)));
      },
      (reason: unknown) => mounted && setError(errorMessage(reason)),
    );
    return () => {
      mounted = false;
    };
  }, [api, refreshKey]);

  const open = async (kind: 'view' | 'compare', ids: readonly string[]): Promise<void> => {
    setLoading(true);
    setError(null);
    try {
      setOpened({ kind, runs: await Promise.all(ids.map((id) => api.invoke('training:run', { id }))) });
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setLoading(false);
    }
  };

  const toggle = (id: string, on: boolean): void => {
    // Two runs at most: a third check replaces the older of the two.
    setSelected((previous) => (on ? [...previous.filter((x) => x !== id), id].slice(-2) : previous.filter((x) => x !== id)));
  };

  const openedRuns = useMemo(() => (opened ? chartRuns(opened.runs) : []), [opened]);

  return (
    <section aria-labelledby="run-history-heading" className="card run-history">
      <div className="training-card-header">
        <h3 id="run-history-heading">Run history</h3>
        <button type="button" className="training-button training-button--small" disabled={selected.length !== 2 || loading} onClick={() => void open('compare', selected)}>
          Compare selected runs
        </button>
      </div>
      {error && <p className="training-muted">{error}</p>}
      {runs && runs.length === 0 && <p className="training-muted">No runs in this workspace yet.</p>}
      {runs && runs.length > 0 && (
        <div className="run-history__scroll">
          <table className="table run-history__table">
            <caption className="visually-hidden">Training runs in this workspace, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Epochs</th>
                <th scope="col">Best val loss</th>
                <th scope="col">Recall at target</th>
                <th scope="col">FA/h</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input type="checkbox" aria-label={`Compare ${runLabel(run)}`} checked={selected.includes(run.id)} onChange={(event) => toggle(run.id, event.target.checked)} />
                  </td>
                  <th scope="row" title={run.dir}>
                    {runLabel(run)}
                  </th>
                  <td>
                    <span
                      className={`run-status run-status--${run.meta.status}`}
                      title={run.meta.status === 'interrupted' ? 'Its trainer process is gone (killed or crashed); resume it from its newest intact checkpoint.' : run.meta.error}
                    >
                      {run.meta.status}
                    </span>
                  </td>
                  <td>{formatDateTime(run.meta.createdAt)}</td>
                  <td>{formatProgress(run.meta.lastEpoch, run.meta.epochs)}</td>
                  <td>{formatNumber(run.meta.best?.valLoss)}</td>
                  <td>{formatPercent(run.meta.best?.recallAtTarget)}</td>
                  <td title={run.meta.best?.fahEstimate ? formatFahEstimate(run.meta.best.fahEstimate) : undefined}>
                    {run.meta.best ? formatFah(run.meta.best.fah) : '—'}
                    {run.meta.best?.fahWarning && (
                      <span className="training-muted" title={run.meta.best.fahWarning}>
                        {' '}
                        (too few negative hours)
                      </span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="training-button training-button--small" disabled={loading} aria-label={`Open charts of ${runLabel(run)}`} onClick={() => void open('view', [run.id])}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs && runs.length > 0 && <ResumeCheckpoint runs={runs} enabled={canResume} />}
      {opened && (
        <div className="run-history__opened">
          <button type="button" className="training-button training-button--small run-history__close" onClick={() => setOpened(null)}>
            Close {opened.kind === 'compare' ? 'comparison' : 'run'}
          </button>
          <TrainingCharts
            runs={openedRuns}
            exportBase={opened.runs.map((r) => r.id).join('-vs-')}
            heading={opened.kind === 'compare' ? `Comparing ${opened.runs.map((r) => r.meta.name).join(' and ')}` : `Run ${opened.runs[0]?.meta.name ?? ''} (read-only)`}
          />
          {opened.kind === 'view' && <BestModelCard best={opened.runs[0]?.meta.best ?? null} heading={`Best model of ${opened.runs[0]?.meta.name ?? ''}`} />}
        </div>
      )}
    </section>
  );
}
