/**
 * What a config will cost before training it: parameters and model size (exact, from model-shapes.ts),
 * per-batch training memory and time per epoch (order-of-magnitude, from assumed backend throughputs).
 */
import type { BackendId } from '../contract/backend-choices';
import { frameCount } from '../core/audio/front-end-config';
import { describeModel, modelInput, type ModelShape } from './model-shapes';
import { isOwwArchitecture, type TrainingConfig } from './schema';

/**
 * Assumed effective throughput on small convolutional models (order-of-magnitude figures, not measured on
 * this machine): small batches never reach peak FLOP/s, and each step pays a fixed dispatch overhead.
 */
export const BACKEND_THROUGHPUT: Readonly<Record<BackendId, { readonly flopsPerSecond: number; readonly stepOverheadSeconds: number }>> = {
  tensorflow: { flopsPerSecond: 2e10, stepOverheadSeconds: 0.004 },
  wasm: { flopsPerSecond: 3e9, stepOverheadSeconds: 0.01 },
  cpu: { flopsPerSecond: 2e8, stepOverheadSeconds: 0.02 },
};
/** Feature extraction and augmentation run in JavaScript in the trainer whatever the backend. */
const FRONT_END_FLOPS_PER_SECOND = 3e8;
/**
 * oww_* models: 2 s windows decoded, augmented and embedded by openWakeWord's backbone per second, measured by
 * bench/oww.bench.ts on 2 CPU cores (about 40). Paid once: the embeddings are cached per workspace.
 */
export const OWW_EMBEDDED_EXAMPLES_PER_SECOND = 40;
/** Used for the time estimate when the dataset size is not known yet. */
export const ASSUMED_TRAIN_CLIPS = 1000;
const BYTES_PER_FLOAT = 4;

export interface EstimateContext {
  /** Clips in the training split, when a dataset has been scanned. */
  readonly trainClips?: number | null;
  /** The backend `auto` resolves to on this machine. */
  readonly autoBackend?: BackendId;
}

export interface ConfigEstimate {
  readonly model: ModelShape;
  readonly frames: number;
  readonly sizeBytesFloat32: number;
  readonly sizeBytesInt8: number;
  /** Forward multiply-accumulates per clip. */
  readonly macsPerClip: number;
  readonly batchMemoryBytes: number;
  readonly epoch: {
    readonly backend: BackendId;
    readonly trainClips: number;
    /** True when trainClips is ASSUMED_TRAIN_CLIPS rather than the dataset's size. */
    readonly assumedClips: boolean;
    readonly steps: number;
    readonly seconds: number;
  };
  /**
   * oww_* models only: the one-time embedding pass before the first epoch (each training clip and its
   * augmented copies, and each validation clip); later runs on the same data read the cache. Null otherwise.
   */
  readonly preparation: { readonly examples: number; readonly seconds: number } | null;
}

function optimizerSlots(config: TrainingConfig): number {
  if (config.optimizer.type === 'sgd') return config.optimizer.momentum > 0 ? 1 : 0;
  return 2;
}

export function clipSamples(config: Pick<TrainingConfig, 'data'>): number {
  return Math.round(config.data.sample_rate * config.data.clip_duration);
}

export function inputFrames(config: Pick<TrainingConfig, 'data' | 'features'>): number {
  return frameCount(clipSamples(config), config.features.hop_length, config.features.n_fft);
}

/**
 * Memory: the batch's inputs, every activation kept for back-propagation and its gradient (x2), plus
 * weights, gradients, optimiser slots and the EMA copy. Time: 3x the forward FLOPs (forward + backward)
 * for training clips, forward only for validation clips, the front end per clip, and per-step overhead.
 */
export function estimateConfig(config: TrainingConfig, context: EstimateContext = {}): ConfigEstimate {
  const [frames, mels] = modelInput(config, inputFrames(config), config.features.n_mels);
  const model = describeModel(config, frames, mels);
  const batch = config.training.batch_size;

  const inputElements = frames * mels;
  const weightCopies = 2 + optimizerSlots(config) + (config.training.ema.enabled ? 1 : 0);
  const batchMemoryBytes = BYTES_PER_FLOAT * (batch * (inputElements + 2 * model.activations) + model.totalParams * weightCopies);

  const backend: BackendId = config.training.backend === 'auto' ? (context.autoBackend ?? 'cpu') : config.training.backend;
  const known = context.trainClips !== undefined && context.trainClips !== null && context.trainClips > 0;
  const trainClips = known ? (context.trainClips as number) : ASSUMED_TRAIN_CLIPS;
  const validationClips = Math.round((trainClips * config.split.validation) / config.split.train);
  const oww = isOwwArchitecture(config.model.architecture);
  // oww_* models train on every clip and each of its augmented copies, from cached embeddings: no front end per epoch.
  const trainExamples = oww ? trainClips * (1 + config.model.oww.augment_copies) : trainClips;
  const steps = Math.ceil(trainExamples / batch);
  const throughput = BACKEND_THROUGHPUT[backend];
  const nFft = config.features.n_fft;
  const frontEndFlops = oww ? 0 : frames * (5 * nFft * Math.log2(nFft) + nFft * mels) + clipSamples(config) * 20;
  const modelSeconds = (2 * model.macs * (3 * trainExamples + validationClips)) / throughput.flopsPerSecond;
  const frontEndSeconds = (frontEndFlops * (trainClips + validationClips)) / FRONT_END_FLOPS_PER_SECOND;
  const preparationExamples = trainExamples + validationClips;
  const overheadSeconds = (steps + Math.ceil(validationClips / batch)) * throughput.stepOverheadSeconds;

  return {
    model,
    frames,
    sizeBytesFloat32: model.totalParams * BYTES_PER_FLOAT,
    sizeBytesInt8: model.totalParams,
    macsPerClip: model.macs,
    batchMemoryBytes,
    epoch: { backend, trainClips, assumedClips: !known, steps, seconds: modelSeconds + frontEndSeconds + overheadSeconds },
    preparation: oww ? { examples: preparationExamples, seconds: preparationExamples / OWW_EMBEDDED_EXAMPLES_PER_SECOND } : null,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return '< 1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
