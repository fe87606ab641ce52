/**
 * Messages between the training supervisor (Electron main, CLI or serve) and the trainer process.
 * Both directions are discriminated unions, handled exhaustively on each side.
 */
import type { BackendChoice, BackendId } from './backend-choices';
import type { FahEstimate } from '../core/fah';

export interface TrainJob {
  readonly workspace: string;
  readonly runDir: string;
  /** The resolved training config, as validated by the configuration schema. */
  readonly config: unknown;
  readonly backend: BackendChoice;
  /** A checkpoint folder to continue from (next epoch, same optimiser state). */
  readonly resumeFrom?: string;
}

export type SupervisorMessage =
  | { readonly type: 'start'; readonly job: TrainJob }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' };

export interface BackendReport {
  readonly id: BackendId;
  readonly reason: string;
  readonly skipped: readonly { readonly id: BackendId; readonly reason: string }[];
}

export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly samplesPerSec: number;
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly epochs: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  readonly trainAcc: number;
  readonly valAcc: number;
  readonly fpr: number;
  readonly fnr: number;
  readonly f1: number;
  readonly eer: number;
  /** False accepts per hour on validation general negatives at the 0.5 threshold (streaming detections where fahBasis is 'streaming'). */
  readonly fah: number;
  /** Recall at the threshold that keeps validation FAH at or under the target (the best-epoch criterion). */
  readonly recallAtTarget: number;
  readonly thresholdAtTarget: number;
  readonly hardNegativeFpr: number | null;
  /**
   * False accepts at thresholdAtTarget with the hours they rest on and the 95 % bound, and at 0.5. Absent in
   * histories written before these figures existed.
   */
  readonly fahEstimate?: FahEstimate;
  readonly fahEstimateAt05?: FahEstimate;
  /** 'streaming': the detector over continuous negative streams (the field's way); 'windows': one score per window. */
  readonly fahBasis?: FahBasis;
  /** The FA/h target (config selection.target_fah) the threshold was chosen for. */
  readonly targetFah?: number;
  /** Set when the validation hours cannot support the target (see fahVerdict): what to do about it. */
  readonly fahWarning?: string | null;
  readonly lr: number;
  readonly samplesPerSec: number;
  readonly epochSeconds: number;
  readonly memoryBytes: number;
}

export interface BestModel {
  readonly epoch: number;
  readonly valLoss: number;
  readonly valAcc: number;
  readonly recallAtTarget: number;
  readonly threshold: number;
  readonly fah: number;
  readonly path: string;
  /** The FA/h the threshold rests on: false accepts, hours, rate and 95 % bound (absent in older runs). */
  readonly fahEstimate?: FahEstimate;
  readonly fahEstimateAt05?: FahEstimate;
  readonly fahBasis?: FahBasis;
  readonly targetFah?: number;
  readonly fahWarning?: string | null;
}

export type FahBasis = 'streaming' | 'windows';

/** Why a completed run ended before its configured epochs: no improvement of `metric` in `patience` epochs. */
export interface EarlyStop {
  /** The last epoch run. */
  readonly epoch: number;
  /** The configured epochs (training.epochs). */
  readonly epochs: number;
  readonly patience: number;
  /** training.early_stopping.metric. */
  readonly metric: string;
}

export type LogLevel = 'info' | 'warn' | 'error';

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'backend'; readonly backend: BackendReport }
  | { readonly type: 'phase'; readonly phase: 'preparing' | 'training'; readonly detail: string; readonly done?: number; readonly total?: number }
  | ({ readonly type: 'batch' } & BatchProgress)
  | { readonly type: 'epoch'; readonly metrics: EpochMetrics; readonly best: BestModel | null }
  | { readonly type: 'log'; readonly level: LogLevel; readonly message: string }
  | { readonly type: 'checkpoint'; readonly epoch: number; readonly path: string }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | { readonly type: 'done'; readonly status: 'completed' | 'stopped'; readonly best: BestModel | null; readonly earlyStop?: EarlyStop | null }
  | { readonly type: 'error'; readonly message: string };

const WORKER_TYPES = new Set<WorkerMessage['type']>(['ready', 'backend', 'phase', 'batch', 'epoch', 'log', 'checkpoint', 'paused', 'resumed', 'done', 'error']);
const SUPERVISOR_TYPES = new Set<SupervisorMessage['type']>(['start', 'pause', 'resume', 'stop']);

/** Structural check at the process boundary; the sender is our own code, so a type tag suffices. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && WORKER_TYPES.has((value as { type?: unknown }).type as WorkerMessage['type']);
}

export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  return typeof value === 'object' && value !== null && SUPERVISOR_TYPES.has((value as { type?: unknown }).type as SupervisorMessage['type']);
}
