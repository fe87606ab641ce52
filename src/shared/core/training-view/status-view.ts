/** The live figures of the Training panel, formatted: what the status grid shows, in order. */
import type { GpuSnapshot } from '../../gpu';
import type { EarlyStop, EpochMetrics } from '../../contract/trainer-protocol';
import type { TrainingState, TrainingStatus } from '../../training-status';
import { formatFahEstimate } from '../fah';
import { estimateRemainingSeconds } from './eta';
import { formatBytes, formatDuration, formatFah, formatGpuMemory, formatLearningRate, formatNumber, formatPercent, formatProgress, formatRate, formatTemperature, isNumber, MISSING } from './format';

export interface StatusItem {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  /** Longer explanation (tooltip). */
  readonly detail?: string;
}

export interface Fraction {
  readonly done: number;
  readonly total: number;
}

export interface StatusView {
  readonly stateLabel: string;
  /** Why the state is what it is, when known (e.g. the early-stopping rule that ended the run). */
  readonly stateDetail?: string;
  readonly epoch: Fraction | null;
  readonly batch: Fraction | null;
  readonly eta: string;
  /** Once a run is not running: how long its epochs took ("00:04:10"), or null without measured epochs. */
  readonly took: string | null;
  readonly items: readonly StatusItem[];
  /** The latest epoch's warning that the validation hours cannot support the target FA/h, if any. */
  readonly fahWarning: string | null;
}

const STATE_LABELS: Readonly<Record<TrainingState, string>> = {
  idle: 'Idle',
  starting: 'Starting',
  running: 'Running',
  paused: 'Paused',
  stopping: 'Stopping after the current batch',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
};

export function stateLabel(state: TrainingState): string {
  return STATE_LABELS[state];
}

/**
 * Where a completed run stopped early: the trainer's report, or for runs from before it was reported, a completed
 * history that ends before its configured epochs (early stopping is the only way a run completes short).
 */
export function earlyStopOf(status: TrainingStatus): Pick<EarlyStop, 'epoch' | 'epochs'> & Partial<EarlyStop> | null {
  if (status.state !== 'completed') return null;
  if (status.earlyStop) return status.earlyStop;
  const last = status.history.at(-1);
  return last && last.epoch < last.epochs ? { epoch: last.epoch, epochs: last.epochs } : null;
}

/** "Completed (early stopping at 17/30)" for a run that stopped early, else the plain state. */
export function statusLabel(status: TrainingStatus): string {
  const early = earlyStopOf(status);
  return early ? `${STATE_LABELS.completed} (early stopping at ${String(early.epoch)}/${String(early.epochs)})` : stateLabel(status.state);
}

function earlyStopDetail(status: TrainingStatus): string | undefined {
  const early = earlyStopOf(status);
  if (!early?.metric || early.patience === undefined) return undefined;
  return `No improvement of ${early.metric} in ${String(early.patience)} epochs`;
}

function gpuItems(gpu: GpuSnapshot | null): StatusItem[] {
  if (!gpu) return [{ id: 'gpu', label: 'GPU', value: 'waiting for a reading' }];
  if (!gpu.available) return [{ id: 'gpu', label: 'GPU', value: 'no NVIDIA GPU', detail: gpu.reason }];
  return gpu.gpus.flatMap((g) => {
    const prefix = gpu.gpus.length > 1 ? `GPU ${String(g.index)} ` : 'GPU ';
    return [
      { id: `gpu-${String(g.index)}-util`, label: `${prefix}utilisation`, value: isNumber(g.utilizationPercent) ? `${String(Math.round(g.utilizationPercent))}%` : MISSING, detail: g.name },
      { id: `gpu-${String(g.index)}-memory`, label: `${prefix}memory`, value: formatGpuMemory(g.memoryUsedMiB, g.memoryTotalMiB), detail: g.name },
      { id: `gpu-${String(g.index)}-temp`, label: `${prefix}temperature`, value: formatTemperature(g.temperatureC), detail: g.name },
    ];
  });
}

/** FA/h at the threshold chosen for the target, with its bound and hours; older histories only have the 0.5 figure. */
function fahItem(last: EpochMetrics | null): StatusItem {
  if (!last) return { id: 'fah', label: 'FA/h', value: MISSING };
  if (!last.fahEstimate) return { id: 'fah', label: 'FA/h', value: formatFah(last.fah), detail: 'False accepts per hour on validation general negatives at threshold 0.5' };
  const how = last.fahBasis === 'streaming' ? 'the streaming detector over continuous validation negatives' : 'validation general negatives, one score per window';
  return {
    id: 'fah',
    label: 'FA/h at target',
    value: formatFahEstimate(last.fahEstimate).replace(/^FA\/h /, ''),
    detail: `False accepts per hour at the threshold chosen for ${String(last.targetFah ?? 'the target')} FA/h (${last.thresholdAtTarget.toFixed(3)}), by ${how}; the bound is the 95 % upper limit`,
  };
}

/** The summed epoch times of a finished (or stopped) run, formatted; null when none were measured. */
function tookSeconds(history: readonly EpochMetrics[]): string | null {
  const seconds = history.reduce((sum, m) => sum + (Number.isFinite(m.epochSeconds) && m.epochSeconds > 0 ? m.epochSeconds : 0), 0);
  return seconds > 0 ? formatDuration(seconds) : null;
}

export function statusView(status: TrainingStatus, gpu: GpuSnapshot | null): StatusView {
  const last = status.history.at(-1) ?? null;
  const batch = status.batch;
  const running = status.state === 'running' || status.state === 'paused' || status.state === 'starting' || status.state === 'stopping';
  const totalEpochs = batch?.epochs ?? last?.epochs ?? null;
  // While an epoch runs, "epoch i/N" names the running epoch; afterwards the last finished one.
  const currentEpoch = running && batch ? batch.epoch : (last?.epoch ?? null);
  const epoch = currentEpoch !== null && totalEpochs !== null ? { done: running && batch ? batch.epoch - 1 + (batch.batches > 0 ? batch.batch / batch.batches : 0) : currentEpoch, total: totalEpochs } : null;
  // Before the first epoch, the preparation step (the embedding pass) is what the user waits for.
  const preparing = running && !batch && status.preparation ? status.preparation : null;
  const remaining = running ? (preparing ? preparing.etaSeconds : estimateRemainingSeconds(status.history, batch)) : null;
  const samplesPerSec = running && batch ? batch.samplesPerSec : last?.samplesPerSec;
  const items: StatusItem[] = [
    { id: 'state', label: 'State', value: statusLabel(status), ...(status.phase ? { detail: status.phase } : {}) },
    { id: 'epoch', label: 'Epoch', value: formatProgress(currentEpoch, totalEpochs) },
    { id: 'batch', label: 'Batch', value: batch ? formatProgress(batch.batch, batch.batches) : MISSING },
    { id: 'eta', label: 'Time left', value: formatDuration(remaining), ...(preparing ? { detail: 'Until the preparation step ends' } : {}) },
    { id: 'samples', label: 'Throughput', value: formatRate(samplesPerSec) },
    { id: 'batch-loss', label: 'Batch loss', value: formatNumber(batch?.loss) },
    { id: 'train-loss', label: 'Train loss', value: formatNumber(last?.trainLoss) },
    { id: 'val-loss', label: 'Val loss', value: formatNumber(last?.valLoss) },
    { id: 'train-acc', label: 'Train accuracy', value: formatPercent(last?.trainAcc) },
    { id: 'val-acc', label: 'Val accuracy', value: formatPercent(last?.valAcc) },
    { id: 'fpr', label: 'FPR', value: formatPercent(last?.fpr), detail: 'False positive rate on validation negatives at threshold 0.5' },
    { id: 'fnr', label: 'FNR', value: formatPercent(last?.fnr), detail: 'False negative (reject) rate on validation positives at threshold 0.5' },
    { id: 'f1', label: 'F1', value: formatPercent(last?.f1) },
    { id: 'eer', label: 'EER', value: formatPercent(last?.eer), detail: 'Equal error rate: where FPR equals FNR' },
    fahItem(last),
    { id: 'lr', label: 'Learning rate', value: formatLearningRate(last?.lr) },
    {
      id: 'backend',
      label: 'Backend',
      value: status.backend?.id ?? MISSING,
      ...(status.backend ? { detail: [status.backend.reason, ...status.backend.skipped.map((s) => `${s.id} skipped: ${s.reason}`)].join('; ') } : {}),
    },
    ...gpuItems(gpu),
    { id: 'memory', label: 'TF.js memory', value: formatBytes(last?.memoryBytes), detail: 'Memory held by TensorFlow.js tensors at the end of the last epoch' },
  ];
  return {
    stateLabel: statusLabel(status),
    ...(earlyStopDetail(status) ? { stateDetail: earlyStopDetail(status) } : {}),
    epoch,
    batch: batch && running ? { done: batch.batch, total: batch.batches } : null,
    eta: formatDuration(remaining),
    took: running ? null : tookSeconds(status.history),
    items,
    fahWarning: last?.fahWarning ?? null,
  };
}
