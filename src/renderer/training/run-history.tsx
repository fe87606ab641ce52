import { useEffect, useMemo, useState } from 'react';
import type { RunHistory as ChartRun } from '../../shared/core/training-view/chart-data';
import { formatFahEstimate } from '../../shared/core/fah';
import { formatDateTime, formatFah, formatNumber, formatPercent } from '../../shared/core/training-view/format';
import { runRow } from '../../shared/core/training-view/run-row';
import type { RunDetail, RunSummary } from '../../shared/run-meta';
import type { TrainingStatus } from '../../shared/training-status';
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
  /** The live training status: the row of the run it belongs to shows the same state, epoch and best figures as the status card. */
  readonly liveStatus?: TrainingStatus | null;
}

/** Past runs of the workspace: open one's charts read-only, overlay two, or resume one from a checkpoint. */
export function RunHistory({ refreshKey, canResume, liveStatus = null }: RunHistoryProps) {
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
              {runs.map((run) => {
                const row = runRow(run, liveStatus);
                const { best } = row;
                const why = row.kind === 'interrupted' ? 'Its trainer process is gone (killed or crashed); resume it from its newest intact checkpoint.' : row.live ? (liveStatus?.error ?? undefined) : run.meta.error;
                return (
                  <tr key={run.id} className={row.live ? 'run-history__live' : undefined}>
                    <td>
                      <input type="checkbox" aria-label={`Compare ${runLabel(run)}`} checked={selected.includes(run.id)} onChange={(event) => toggle(run.id, event.target.checked)} />
                    </td>
                    <th scope="row" title={run.dir}>
                      {runLabel(run)}
                    </th>
                    <td>
                      <span className={`run-status run-status--${row.kind}`} title={why}>
                        {row.statusLabel}
                      </span>
                    </td>
                    <td>{formatDateTime(run.meta.createdAt)}</td>
                    <td>{row.epochs}</td>
                    <td>{formatNumber(best?.valLoss)}</td>
                    <td>{formatPercent(best?.recallAtTarget)}</td>
                    <td title={best?.fahEstimate ? formatFahEstimate(best.fahEstimate) : undefined}>
                      {best ? formatFah(best.fah) : '—'}
                      {best?.fahWarning && (
                        <span className="training-muted" title={best.fahWarning}>
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
                );
              })}
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
