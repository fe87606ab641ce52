import { useMemo } from 'react';
import type { AppInfo } from '../../shared/contract/api';
import type { RunHistory as ChartRun } from '../../shared/core/training-view/chart-data';
import { controlsView } from '../../shared/core/training-view/controls';
import { isActive } from '../../shared/training-status';
import { PanelFrame } from '../app/panel-placeholder';
import type { Loadable } from '../app/use-app-info';
import { BackendSettings } from './backend-settings';
import { BestModelCard } from './best-model-card';
import { runBaseName } from './download';
import { LiveStatus } from './live-status';
import { LogConsole } from './log-console';
import { RunHistory } from './run-history';
import { TrainingCharts } from './training-charts';
import { TrainingControls } from './training-controls';
import { useGpu } from './use-gpu';
import { useLiveTraining } from './use-live-training';
import { useTrainingContext } from './use-training-context';
import './training.css';

export function TrainingPanel({ info }: { readonly info: Loadable<AppInfo> }) {
  const live = useLiveTraining();
  const gpu = useGpu();
  const context = useTrainingContext();
  const { status } = live;
  const runBase = runBaseName(status.runDir);
  const bestEpoch = status.best?.epoch ?? null;
  const chartRuns = useMemo<ChartRun[]>(() => [{ label: runBase, history: status.history, bestEpoch }], [runBase, status.history, bestEpoch]);
  const canResume = controlsView({ state: status.state, workspace: context.workspace, configErrors: [], busy: false }).canResumeCheckpoint;
  const refreshKey = `${context.workspace ?? ''}|${status.runDir ?? ''}|${isActive(status.state) ? 'active' : status.state}`;

  return (
    <PanelFrame title="Training" intro="Start, pause and stop training; watch loss, accuracy and false-accept rates live; keep the best model.">
      {live.loadError && <p role="alert">Could not read the training status: {live.loadError}</p>}
      <TrainingControls state={status.state} context={context} />
      {live.loaded ? <LiveStatus status={status} gpu={gpu} /> : !live.loadError && <p className="training-muted">Loading the training status…</p>}
      <TrainingCharts runs={chartRuns} exportBase={runBase} heading={status.runDir ? `Charts of ${runBase}` : 'Charts'} />
      <div className="training-panel__columns">
        <BestModelCard best={status.best} />
        <LogConsole lines={live.logs} fileBase={runBase} />
      </div>
      <RunHistory refreshKey={refreshKey} canResume={canResume} liveStatus={live.loaded ? status : null} />
      {info.state === 'ready' && <BackendSettings info={info.value} />}
    </PanelFrame>
  );
}
