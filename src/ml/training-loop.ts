/**
 * The training loop: mini-batches with per-sample weights, optimiser with warm-up and schedule, optional
 * gradient clipping, decoupled weight decay (AdamW) and EMA weights; per-epoch validation with the shared
 * metrics; atomic checkpoints (last K + best), the best model folder, early stopping, pause/stop between
 * batches, and exact resume from a checkpoint.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../shared/config/schema';
import { createRng } from '../shared/core/audio/rng';
import { learningRateAt } from '../shared/core/lr-schedule';
import { validationSummary, type ClipKind } from '../shared/core/metrics';
import type { BatchProgress, BestModel, EarlyStop, EpochMetrics, LogLevel } from '../shared/contract/trainer-protocol';
import { checkpointName, loadCheckpoint, modelFiles, pruneCheckpoints, saveCheckpoint, type LoopState } from './checkpoint';
import { writeFolderAtomic } from '../node/fs/atomic-write';
import { BEST_MODEL_JSON, BEST_WEIGHTS, CHECKPOINT_BEST_FILE, CHECKPOINT_HISTORY_FILE, historyText } from '../node/training/checkpoint-record';
import { readHistory } from '../node/training/run-files';
import { weightedLoss, type LossOptions } from './losses';
import { registerTileGradient } from './kernels/tile-gradient';
import { MINED_FILE, predictAll, predictScores, readMinedState, type EpochMiner } from './mining';
import { measureStreaming, scoreStreamingSet, type StepPredictor, type StreamingValidationSet } from './streaming-validation';
import { validationFigures } from './validation-figures';

export interface Batch {
  /** [size, frames, nMels] features, row-major. */
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly weights: Float32Array;
  readonly size: number;
}

export interface EvalSet {
  readonly features: Float32Array;
  readonly kinds: readonly ClipKind[];
  /** Hours of general negative audio (negative/, background/) behind the FAH figure. */
  readonly generalNegativeHours: number;
  /** Validation as the detector runs (oww family): when present, FA/h and the operating point come from it. */
  readonly streaming?: StreamingValidationSet;
}

export interface LoopData {
  readonly frames: number;
  readonly nMels: number;
  readonly trainSize: number;
  /** One epoch of shuffled, augmented batches, determined by (seed, epoch) alone so a resumed run replays them. */
  batches(epoch: number): AsyncIterable<Batch>;
  readonly validation: EvalSet;
  /** Hard-negative mining: runs after each epoch's validation, its state saved with the checkpoint (mining.ts). */
  readonly miner?: EpochMiner;
}

export interface LoopCallbacks {
  batch(progress: BatchProgress): void;
  epoch(metrics: EpochMetrics, best: BestModel | null): void;
  checkpoint(epoch: number, dir: string): void;
  log(level: LogLevel, message: string): void;
  /** Resolves when training may continue (immediately unless paused). */
  waitIfPaused(): Promise<void>;
  shouldStop(): boolean;
}

export interface LoopResult {
  readonly status: 'completed' | 'stopped';
  readonly best: BestModel | null;
  readonly epochsRun: number;
  /** Set when the loop ended early for lack of improvement. */
  readonly earlyStop: EarlyStop | null;
}

export interface LoopOptions {
  readonly config: TrainingConfig;
  readonly model: tf.LayersModel;
  readonly data: LoopData;
  readonly runDir: string;
  readonly callbacks: LoopCallbacks;
  /** Checkpoint folder to continue from. */
  readonly resumeFrom?: string;
}

const EVAL_BATCH = 256;

function createOptimizer(config: TrainingConfig, lr: number): tf.Optimizer {
  const o = config.optimizer;
  if (o.type === 'sgd') return tf.train.momentum(lr, o.momentum);
  return tf.train.adam(lr, 0.9, 0.999, 1e-7);
}

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // tfjs optimisers read this field on every step; it is protected only in the type declarations.
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Higher is better for every rule, so one comparison serves best-model selection and early stopping. */
function scoreFor(metric: TrainingConfig['selection']['metric'], m: EpochMetrics): number {
  switch (metric) {
    case 'val_loss':
      return -m.valLoss;
    case 'val_f1':
      return m.f1;
    case 'val_eer':
      return -m.eer;
    case 'val_frr_at_target_fah':
      return m.recallAtTarget;
  }
}

function isDecayed(weight: tf.LayerVariable): boolean {
  // Weight decay applies to kernels, not to biases or batch-norm parameters.
  return /kernel/.test(weight.name);
}

/** Scores (probability of the wake word) and mean cross-entropy over an evaluation set. */
export function evaluate(model: tf.LayersModel, set: EvalSet, frames: number, nMels: number): { readonly scores: Float32Array; readonly loss: number } {
  const count = set.kinds.length;
  const scores = new Float32Array(count);
  let lossSum = 0;
  const perClip = frames * nMels;
  for (let start = 0; start < count; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, count - start);
    tf.tidy(() => {
      const x = tf.tensor4d(set.features.subarray(start * perClip, (start + size) * perClip), [size, frames, nMels, 1]);
      const probabilities = predictAll(model, x);
      const positive = probabilities.slice([0, 1], [size, 1]).reshape([size]);
      scores.set(positive.dataSync() as Float32Array, start);
      const labels = tf.tensor1d(set.kinds.slice(start, start + size).map((kind) => (kind === 'positive' ? 1 : 0)), 'int32');
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), probabilities.clipByValue(1e-7, 1).log());
      lossSum += (loss.dataSync()[0] ?? 0) * size;
    });
  }
  return { scores, loss: count > 0 ? lossSum / count : Number.NaN };
}

/** The model's wake-word probability for inputs laid out back to back (validation streams). */
function predictor(model: tf.LayersModel, frames: number, nMels: number): StepPredictor {
  return (inputs, count) => predictScores(model, inputs, count, frames, nMels);
}

/**
 * TF.js draws each dropout mask's seed from Math.random, so without this two runs with the same config and
 * seed trained different models (and a resumed run could not replay its epochs): each epoch draws from a
 * generator seeded by (training.seed, epoch) instead, and Math.random is put back afterwards.
 */
export async function runTrainingLoop(options: LoopOptions): Promise<LoopResult> {
  registerTileGradient();
  const random = Math.random;
  try {
    return await trainingLoop(options, random);
  } finally {
    Math.random = random;
  }
}

/**
 * Lets the process's own events in (pause and stop messages, the heartbeat) between two batches: an epoch over
 * cached embeddings never waits on I/O, so without this they would wait for the epoch's end. Whatever runs
 * meanwhile sees the process's own Math.random, so it cannot draw from the epoch's seeded generator.
 */
async function letEventsIn(processRandom: () => number): Promise<void> {
  const seeded = Math.random;
  Math.random = processRandom;
  try {
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    Math.random = seeded;
  }
}

async function trainingLoop(options: LoopOptions, processRandom: () => number): Promise<LoopResult> {
  const { config, data, runDir, callbacks } = options;
  let model = options.model;
  const epochs = config.training.epochs;
  const lossOptions: LossOptions = {
    type: config.loss.type,
    labelSmoothing: config.loss.label_smoothing,
    focalAlpha: config.loss.focal_alpha,
    focalGamma: config.loss.focal_gamma,
  };
  let state: LoopState = {
    epoch: 0,
    lr: config.optimizer.lr,
    bestEpoch: null,
    bestScore: null,
    monitorBest: null,
    epochsWithoutImprovement: 0,
    plateauCounter: 0,
  };
  let plateauDecays = 0;
  let optimizer = createOptimizer(config, config.optimizer.lr);
  // The run record each checkpoint carries; a resumed run continues it (and keeps its best unless beaten).
  let best: BestModel | null = null;
  let history: EpochMetrics[] = [];

  if (options.resumeFrom) {
    const checkpoint = await loadCheckpoint(options.resumeFrom);
    model.dispose();
    model = checkpoint.model;
    state = checkpoint.state;
    plateauDecays = state.plateauCounter;
    optimizer = createOptimizer(config, state.lr);
    // Optimiser slots are created lazily on the first step; prime them, then overwrite with the saved values.
    primeOptimizer(model, optimizer);
    await optimizer.setWeights(checkpoint.optimizerWeights);
    // setWeights copies into new variables; the decoded tensors are no longer needed.
    for (const { tensor } of checkpoint.optimizerWeights) tensor.dispose();
    callbacks.log('info', `Resumed from ${options.resumeFrom} after epoch ${String(state.epoch)}.`);
    data.miner?.restore(await readMinedState(options.resumeFrom), callbacks.log);
    best = checkpoint.best;
    history = [...(checkpoint.history ?? (await readHistory(runDir, state.epoch + 1)))];
  }

  const trainable = model.trainableWeights;
  const ema = config.training.ema.enabled ? trainable.map((w) => tf.keep(w.read().clone())) : null;
  const checkpointsDir = path.join(runDir, 'checkpoints');
  let status: LoopResult['status'] = 'completed';
  let epochsRun = 0;
  let earlyStop: EarlyStop | null = null;

  for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
    Math.random = createRng((config.training.seed ^ Math.imul(epoch, 0x9e3779b1)) >>> 0).next;
    const lr = learningRateAt(config.optimizer, epoch, epochs, plateauDecays);
    setLearningRate(optimizer, lr);
    const started = performance.now();
    let seen = 0;
    let lossSum = 0;
    let correct = 0;
    let batchIndex = 0;
    const batches = Math.ceil(data.trainSize / config.training.batch_size);

    for await (const batch of data.batches(epoch)) {
      await letEventsIn(processRandom);
      await callbacks.waitIfPaused();
      batchIndex += 1;
      const [loss, hits] = trainStep(model, optimizer, batch, data, lossOptions, config, lr);
      if (ema) updateEma(ema, trainable, config.training.ema.decay);
      seen += batch.size;
      lossSum += loss * batch.size;
      correct += hits;
      const elapsed = (performance.now() - started) / 1000;
      callbacks.batch({ epoch, epochs, batch: batchIndex, batches, loss: lossSum / seen, samplesPerSec: seen / Math.max(elapsed, 1e-6) });
      if (callbacks.shouldStop()) break;
    }
    const stopped = callbacks.shouldStop();

    // Validation runs on the EMA weights when enabled: that is the model that would be saved.
    const trained = ema ? useWeights(trainable, ema) : null;
    const evaluation = evaluate(model, data.validation, data.frames, data.nMels);
    const summary = validationSummary(evaluation.scores, data.validation.kinds, data.validation.generalNegativeHours, config.selection.target_fah);
    const streamSet = data.validation.streaming;
    const streaming = streamSet ? measureStreaming(streamSet, scoreStreamingSet(streamSet, predictor(model, data.frames, data.nMels)), config.selection.target_fah) : null;
    const figures = validationFigures(summary, streaming, data.validation.generalNegativeHours, config.selection.target_fah);
    const epochSeconds = (performance.now() - started) / 1000;
    const metrics: EpochMetrics = {
      epoch,
      epochs,
      trainLoss: seen > 0 ? lossSum / seen : Number.NaN,
      valLoss: evaluation.loss,
      trainAcc: seen > 0 ? correct / seen : Number.NaN,
      valAcc: summary.accuracy,
      fpr: summary.fpr,
      fnr: summary.fnr,
      f1: summary.f1,
      eer: summary.eer,
      ...figures,
      lr,
      samplesPerSec: seen / Math.max(epochSeconds, 1e-6),
      epochSeconds,
      memoryBytes: tf.memory().numBytes,
    };

    const score = scoreFor(config.selection.metric, metrics);
    const previousBest = best;
    let bestFiles: Record<string, string | Uint8Array> | null = null;
    const improved = best === null || score > (state.bestScore ?? -Infinity) || (score === state.bestScore && metrics.valLoss < best.valLoss);
    if (improved) {
      const bestDir = path.join(runDir, 'best');
      best = {
        epoch,
        valLoss: metrics.valLoss,
        valAcc: metrics.valAcc,
        recallAtTarget: metrics.recallAtTarget,
        threshold: metrics.thresholdAtTarget,
        fah: figures.fahEstimate.fah,
        path: bestDir,
        fahEstimate: figures.fahEstimate,
        fahEstimateAt05: figures.fahEstimateAt05,
        fahBasis: figures.fahBasis,
        targetFah: figures.targetFah,
        fahWarning: figures.fahWarning,
      };
      bestFiles = await modelFiles(model);
    }
    if (trained) restoreWeights(trainable, trained);
    // Before the checkpoint, so it holds the windows the next epoch trains on (a resume replays them).
    await data.miner?.mine(epoch, (features, count) => predictScores(model, features, count, data.frames, data.nMels), callbacks.log);

    const monitorScore = scoreFor(config.training.early_stopping.metric, metrics);
    const monitorImproved = state.monitorBest === null || monitorScore > state.monitorBest;
    const withoutImprovement = monitorImproved ? 0 : state.epochsWithoutImprovement + 1;
    if (config.optimizer.schedule === 'plateau' && withoutImprovement > 0 && withoutImprovement % config.optimizer.plateau_patience === 0) plateauDecays += 1;

    state = {
      epoch,
      lr,
      bestEpoch: best?.epoch ?? null,
      bestScore: improved ? score : state.bestScore,
      monitorBest: monitorImproved ? monitorScore : state.monitorBest,
      epochsWithoutImprovement: withoutImprovement,
      plateauCounter: plateauDecays,
    };
    const dir = path.join(checkpointsDir, checkpointName(epoch));
    history = [...history.filter((line) => line.epoch < epoch), metrics];
    const bestJson = `${JSON.stringify(best, null, 2)}\n`;
    await saveCheckpoint(dir, model, optimizer, state, {
      [CHECKPOINT_HISTORY_FILE]: historyText(history),
      [CHECKPOINT_BEST_FILE]: bestJson,
      ...(bestFiles ? { [BEST_MODEL_JSON]: bestFiles['model.json'] ?? '', [BEST_WEIGHTS]: bestFiles['weights.bin'] ?? new Uint8Array() } : {}),
      ...(data.miner ? { [MINED_FILE]: data.miner.save() } : {}),
    });
    // best/ is a view of the checkpoint, written after it: a crash in between is repaired on resume.
    if (bestFiles) await writeFolderAtomic(path.join(runDir, 'best'), { ...bestFiles, 'best.json': bestJson });
    await pruneCheckpoints(checkpointsDir, config.training.checkpoint.keep_last, best ? [checkpointName(best.epoch)] : []);
    callbacks.checkpoint(epoch, dir);
    callbacks.epoch(metrics, improved ? best : previousBest);
    epochsRun += 1;

    if (stopped) {
      status = 'stopped';
      break;
    }
    if (config.training.early_stopping.enabled && withoutImprovement >= config.training.early_stopping.patience) {
      callbacks.log('info', `Early stopping after epoch ${String(epoch)}: no improvement in ${String(withoutImprovement)} epochs.`);
      // Only when epochs were actually left: stopping "early" at the last epoch is an ordinary completion.
      if (epoch < epochs) earlyStop = { epoch, epochs, patience: config.training.early_stopping.patience, metric: config.training.early_stopping.metric };
      break;
    }
  }
  for (const tensor of ema ?? []) tensor.dispose();
  return { status, best, epochsRun, earlyStop };
}

function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  batch: Batch,
  data: LoopData,
  lossOptions: LossOptions,
  config: TrainingConfig,
  lr: number,
): [number, number] {
  return tf.tidy(() => {
    const x = tf.tensor4d(batch.features, [batch.size, data.frames, data.nMels, 1]);
    const labels = tf.tensor1d(batch.labels, 'int32');
    const weights = tf.tensor1d(batch.weights);
    // variableGrads disposes everything made inside it; the hit count is kept explicitly and freed below.
    let hitCount: tf.Tensor | null = null;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const predictions = model.apply(x, { training: true }) as tf.Tensor;
      hitCount = tf.keep(predictions.argMax(-1).equal(labels).sum());
      return weightedLoss(predictions, labels, weights, lossOptions);
    }, variables);
    let gradients = grads;
    if (config.optimizer.grad_clip > 0) gradients = clipByGlobalNorm(grads, config.optimizer.grad_clip);
    optimizer.applyGradients(gradients);
    // AdamW: weight decay decoupled from the gradient; for adam/sgd the same shrink acts as plain L2 decay.
    if (config.optimizer.weight_decay > 0) {
      for (const weight of model.trainableWeights) {
        if (!isDecayed(weight)) continue;
        const variable = weight.read() as tf.Variable;
        variable.assign(variable.mul(1 - lr * config.optimizer.weight_decay));
      }
    }
    const kept = hitCount as tf.Tensor | null;
    const hits = kept?.dataSync()[0] ?? 0;
    kept?.dispose();
    return [value.dataSync()[0] ?? Number.NaN, hits];
  });
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const norm = Math.sqrt(Object.values(grads).reduce((sum, g) => sum + (g.square().sum().dataSync()[0] ?? 0), 0));
  if (norm <= maxNorm) return grads;
  const scale = maxNorm / norm;
  return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, g.mul(scale)]));
}

function updateEma(shadow: tf.Tensor[], trainable: readonly tf.LayerVariable[], decay: number): void {
  tf.tidy(() => {
    trainable.forEach((weight, i) => {
      const current = shadow[i] as tf.Tensor;
      const next = tf.keep(current.mul(decay).add(weight.read().mul(1 - decay)));
      current.dispose();
      shadow[i] = next;
    });
  });
}

/** Loads `values` into the weights (the values stay owned by the caller); returns copies of what they held. */
function useWeights(trainable: readonly tf.LayerVariable[], values: readonly tf.Tensor[]): tf.Tensor[] {
  const previous = trainable.map((weight) => tf.keep(weight.read().clone()));
  trainable.forEach((weight, i) => weight.write(values[i] as tf.Tensor));
  return previous;
}

function restoreWeights(trainable: readonly tf.LayerVariable[], saved: readonly tf.Tensor[]): void {
  trainable.forEach((weight, i) => weight.write(saved[i] as tf.Tensor));
  for (const tensor of saved) tensor.dispose();
}

function primeOptimizer(model: tf.LayersModel, optimizer: tf.Optimizer): void {
  tf.tidy(() => {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const zeros = Object.fromEntries(variables.map((v) => [v.name, tf.zerosLike(v)]));
    const lr = (optimizer as unknown as { learningRate: number }).learningRate;
    setLearningRate(optimizer, 0);
    optimizer.applyGradients(zeros);
    setLearningRate(optimizer, lr);
  });
}
