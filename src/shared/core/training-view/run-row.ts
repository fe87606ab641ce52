/**
 * One row of the Run history. The run being trained right now is drawn from the live training status, the
 * same source as the status card and the best-model card, so the row never says "running 3/30" beside a card
 * that says "Paused, epoch 12/30" (runs/<id>/meta.json lags: it is re-read only when a run starts or ends).
 */
import type { RunStatus, RunSummary } from '../../run-meta';
import type { BestModel } from '../../contract/trainer-protocol';
import type { TrainingState, TrainingStatus } from '../../training-status';
import { formatProgress } from './format';
import { statusView } from './status-view';

export interface RunRow {
  /** For the status badge's colour: a RunStatus, or the live state ("stopping", "starting"). */
  readonly kind: RunStatus | TrainingState;
  readonly statusLabel: string;
  readonly epochs: string;
  readonly best: BestModel | null;
  /** True when the row shows the live run. */
  readonly live: boolean;
}

const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  completed: 'Completed',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** The live status belongs to this run: same folder, and the trainer is on it (or just finished it). */
function isLiveRun(run: RunSummary, status: TrainingStatus | null): status is TrainingStatus {
  return status !== null && status.runDir !== null && status.runDir === run.dir && status.state !== 'idle';
}

export function runRow(run: RunSummary, status: TrainingStatus | null): RunRow {
  if (isLiveRun(run, status)) {
    const view = statusView(status, null);
    const epoch = view.items.find((item) => item.id === 'epoch')?.value;
    return {
      kind: status.state,
      statusLabel: view.stateLabel,
      // Before the first epoch the card has no epoch yet; the run's own count says 0/N.
      epochs: epoch !== undefined && view.epoch !== null ? epoch : formatProgress(run.meta.lastEpoch, run.meta.epochs),
      best: status.best,
      live: true,
    };
  }
  return { kind: run.meta.status, statusLabel: RUN_STATUS_LABELS[run.meta.status], epochs: formatProgress(run.meta.lastEpoch, run.meta.epochs), best: run.meta.best, live: false };
}
