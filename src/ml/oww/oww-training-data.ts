/**
 * Training data for oww_* models: every clip placed in openWakeWord's 2 s window, embedded by the frozen
 * backbone (16 x 96 per window) and cached on disk, plus `model.oww.augment_copies` augmented copies of each
 * training clip (the app's seeded augmentation pipeline). Negatives are general speech (negative/), confusable
 * phrases (hard_negative/) and windows of background/ recordings; recordings longer than the window are cut
 * into windows. Validation uses clean copies only, and FA/h rests on the real duration of its negatives.
 * Long training negatives (several seconds or more) take the step path instead: embedded once as the
 * detector sees them, every step a candidate window, sampled per epoch and mined (negative-windows.ts,
 * training-pool.ts).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingConfig } from '../../shared/config/schema';
import { augmentWaveform } from '../../shared/core/audio/augment/pipeline';
import { createRng } from '../../shared/core/audio/rng';
import type { SplitFile } from '../../shared/core/dataset/manifest';
import type { ClipKind } from '../../shared/core/metrics';
import { OWW_CHUNK_SAMPLES, OWW_CLIP_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { endAlignedWindow, randomWindow, windowAt, windowStarts } from '../../shared/core/oww/oww-window';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { recordedWeight } from '../../shared/core/dataset/recording/recorded-weight';
import { exampleWeights } from '../losses';
import type { EpochMiner } from '../mining';
import { readTrainingSplits, type ProgressCallback, type TrainingData } from '../training-data';
import type { Batch } from '../training-loop';
import { embeddingWorkerCount, OwwBackbone } from './backbone';
import { OwwEmbeddingCache, owwCacheDir } from './embedding-cache';
import { embedLongNegatives, findLongNegatives, LongNegativeWindows } from './negative-windows';
import { OwwTrainingPool } from './training-pool';
import { loadValidationStreams, withValidationStreams } from './validation-streams';
import { errorMessage } from '../../shared/error-message';

const PER_EXAMPLE = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;
/** Phrases end this long before the window's end in clean copies; augmented copies draw from [0, MAX_END_PAD]. */
const CLEAN_END_PAD = 0.1 * OWW_SAMPLE_RATE;
const MAX_END_PAD = 0.3 * OWW_SAMPLE_RATE;
/** Long negative recordings: a training window every second; validation windows do not overlap. */
const TRAIN_HOP = OWW_SAMPLE_RATE;
const VALIDATION_HOP = OWW_CLIP_SAMPLES;
/** Windows embedded per batch of backbone calls. */
const EMBED_GROUP = 32;
/** Groups of windows queued for the backbone beyond the one being prepared. */
const GROUPS_IN_FLIGHT = 3;
/** Bumped whenever window placement changes, so stale cache entries are not reused. */
const RECIPE_VERSION = 1;

export interface OwwDataOptions {
  /** A loaded backbone to use (tests share one); default: load resources/oww. */
  readonly backbone?: OwwBackbone;
  readonly backboneDir?: string;
  /** Default: <workspace>/cache/oww. */
  readonly cacheDir?: string;
}

export interface OwwTrainingData extends TrainingData {
  readonly cache: { readonly hits: number; readonly misses: number; readonly dir: string };
  /** Long training negatives: recordings, their hours, candidate windows, and windows drawn per epoch. */
  readonly longNegatives: { readonly recordings: number; readonly hours: number; readonly windows: number; readonly perEpoch: number };
  readonly miner?: EpochMiner;
}

type Source = 'train' | 'val';

interface Job {
  readonly relative: string;
  readonly kind: ClipKind;
  readonly source: Source;
  readonly copy: number;
}

interface Example {
  readonly embeddings: Float32Array;
  readonly kind: ClipKind;
  readonly source: Source;
  /** Names the window stably (file, copy, window index): mined windows are saved by key. */
  readonly key: string;
  /** Loss multiplier for the user's own recordings (loss.recorded_weight), 1 otherwise. */
  readonly recorded: number;
}

function isPhrase(kind: ClipKind): boolean {
  return kind === 'positive' || kind === 'hard_negative';
}

export async function loadOwwTrainingData(workspace: string, config: TrainingConfig, onProgress: ProgressCallback = () => undefined, options: OwwDataOptions = {}): Promise<OwwTrainingData> {
  const backbone = options.backbone ?? (await OwwBackbone.load(options.backboneDir, { workers: embeddingWorkerCount() }));
  try {
    // Validation streams first: a broken split is reported by prepare's checks either way.
    const streams = await loadValidationStreams(workspace, backbone, { ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}), onProgress });
    return withValidationStreams(await prepare(workspace, config, onProgress, options, backbone), streams);
  } finally {
    if (!options.backbone) await backbone.release();
  }
}

async function prepare(workspace: string, config: TrainingConfig, onProgress: ProgressCallback, options: OwwDataOptions, backbone: OwwBackbone): Promise<OwwTrainingData> {
  if (config.data.sample_rate !== OWW_SAMPLE_RATE) throw new Error(`data.sample_rate must be ${OWW_SAMPLE_RATE} for ${config.model.architecture} (got ${config.data.sample_rate})`);
  const raw = path.join(workspace, 'data', 'raw');
  const warnings: string[] = [];
  const [train, val] = await readTrainingSplits(workspace);
  if (train.files.length === 0) throw new Error('The training split is empty: add audio to data/raw/positive and data/raw/negative, then scan and split.');
  const positives = train.files.filter((f) => f.label === 1).length;
  if (positives === 0) throw new Error('The training split has no positive clips (data/raw/positive): the model would have nothing to detect.');
  if (positives === train.files.length) throw new Error('The training split has no negative clips (data/raw/negative or hard_negative): the model could not learn what to reject.');

  const cache = new OwwEmbeddingCache(options.cacheDir ?? owwCacheDir(workspace), backbone.hash);
  const copies = config.model.oww.augment_copies;
  const seed = config.training.seed;

  let augmentationAudio: Promise<{ backgrounds: Float32Array[]; rirs: Float32Array[] }> | null = null;
  const decodeList = async (list: readonly string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (const relative of list) {
      try {
        out.push(await loadMonoClip(path.join(raw, relative), OWW_SAMPLE_RATE, { displayName: relative }));
      } catch (error) {
        warnings.push(`Skipped ${relative}: ${errorMessage(error)}`);
      }
    }
    return out;
  };
  // Decoded only when an augmented copy has to be computed (a warm cache needs none of it).
  const augmentationSources = (): Promise<{ backgrounds: Float32Array[]; rirs: Float32Array[] }> =>
    (augmentationAudio ??= Promise.all([decodeList(train.augmentation.background), decodeList(train.augmentation.rirs)]).then(([backgrounds, rirs]) => ({ backgrounds, rirs })));
  const augmentedRecipe = JSON.stringify({ v: RECIPE_VERSION, augmentation: config.augmentation, background: train.augmentation.background, rirs: train.augmentation.rirs });

  // Long training negatives go through the step path after the clips (embedLongNegatives below).
  const longSources = findLongNegatives(raw, train);
  const isLong = new Set(longSources.map((source) => source.relative));
  const jobs: Job[] = [];
  for (const file of train.files) {
    if (isLong.has(file.path)) continue;
    for (let copy = 0; copy <= copies; copy += 1) jobs.push({ relative: file.path, kind: file.category, source: 'train', copy });
  }
  for (const relative of train.augmentation.background) if (!isLong.has(relative)) jobs.push({ relative, kind: 'background', source: 'train', copy: 0 });
  for (const file of val.files) jobs.push({ relative: file.path, kind: file.category, source: 'val', copy: 0 });

  /** Windows of one job's audio, before embedding. */
  const windowsOf = async (job: Job, audio: Float32Array): Promise<Float32Array[]> => {
    if (job.copy === 0) {
      if (isPhrase(job.kind) || audio.length <= OWW_CLIP_SAMPLES) return [endAlignedWindow(audio, OWW_CLIP_SAMPLES, CLEAN_END_PAD)];
      const hop = job.source === 'val' ? VALIDATION_HOP : TRAIN_HOP;
      return windowStarts(audio.length, OWW_CLIP_SAMPLES, hop).map((start) => windowAt(audio, start, OWW_CLIP_SAMPLES));
    }
    const rng = createRng(seed ^ hashString(`${job.relative}#${job.copy}`));
    const placed = isPhrase(job.kind) ? endAlignedWindow(audio, OWW_CLIP_SAMPLES, rng.uniform(0, MAX_END_PAD)) : randomWindow(audio, OWW_CLIP_SAMPLES, rng);
    const { backgrounds, rirs } = await augmentationSources();
    const augmented = augmentWaveform(placed, { sampleRate: OWW_SAMPLE_RATE, clipSamples: OWW_CLIP_SAMPLES, positive: isPhrase(job.kind), augment: true, config: config.augmentation, backgrounds, rirs, rng });
    return [augmented];
  };

  const results = new Map<Job, { embeddings: Float32Array[]; seconds: number }>();
  const durations = new Map<string, number>();
  let done = 0;
  const report = (): void => onProgress(done, jobs.length, `Embedding audio with openWakeWord (${done}/${jobs.length}, ${cache.hits} from the cache)`);
  report();

  let pending: { job: Job; key: string; windows: Float32Array[] }[] = [];
  // Groups being embedded while the next ones are decoded and augmented (with embedding workers, the models
  // run beside this thread); bounded, so audio waiting for the models stays a few groups.
  const inFlight: Promise<void>[] = [];
  const embedGroup = async (group: typeof pending): Promise<void> => {
    const embedded = await backbone.embedClips(group.flatMap((entry) => entry.windows));
    let at = 0;
    for (const entry of group) {
      const parts = embedded.slice(at, at + entry.windows.length);
      at += entry.windows.length;
      const joined = new Float32Array(parts.length * PER_EXAMPLE);
      parts.forEach((part, i) => joined.set(part.subarray(0, PER_EXAMPLE), i * PER_EXAMPLE));
      await cache.put(entry.key, joined);
      results.set(entry.job, { embeddings: parts.map((part) => part.subarray(0, PER_EXAMPLE)), seconds: durations.get(entry.job.relative) ?? 0 });
      done += 1;
    }
    report();
  };
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const group = pending;
    pending = [];
    const embedding = embedGroup(group);
    // Observed now: a failure surfaces when its turn is awaited, never as an unhandled rejection.
    embedding.catch(() => undefined);
    inFlight.push(embedding);
    if (inFlight.length > GROUPS_IN_FLIGHT) await inFlight.shift();
  };

  const decoded = new Map<string, Float32Array | null>();
  for (const job of jobs) {
    const file = path.join(raw, job.relative);
    let info;
    try {
      info = await stat(file);
    } catch {
      warnings.push(`Skipped ${job.relative}: the file is missing (scan and split the dataset again)`);
      done += 1;
      continue;
    }
    const key = cache.key({ file, size: info.size, mtimeMs: info.mtimeMs, recipe: job.copy === 0 ? `clean-${RECIPE_VERSION}-${job.source}-${job.kind}` : augmentedRecipe, seed: job.copy === 0 ? 0 : seed, copy: job.copy });
    const cached = await cache.get(key);
    if (cached && cached.length % PER_EXAMPLE === 0 && cached.length > 0) {
      const count = cached.length / PER_EXAMPLE;
      results.set(job, { embeddings: Array.from({ length: count }, (_, i) => cached.subarray(i * PER_EXAMPLE, (i + 1) * PER_EXAMPLE)), seconds: Number.NaN });
      done += 1;
      if (done % 50 === 0) report();
      continue;
    }
    let audio = decoded.get(job.relative);
    if (audio === undefined) {
      try {
        audio = await loadMonoClip(file, OWW_SAMPLE_RATE, { displayName: job.relative });
      } catch (error) {
        warnings.push(`Skipped ${job.relative}: ${errorMessage(error)}`);
        audio = null;
      }
      // Copies of one clip follow each other: keep only the current clip decoded.
      decoded.clear();
      decoded.set(job.relative, audio);
    }
    if (!audio) {
      done += 1;
      continue;
    }
    durations.set(job.relative, audio.length / OWW_SAMPLE_RATE);
    pending.push({ job, key, windows: await windowsOf(job, audio) });
    if (pending.reduce((n, entry) => n + entry.windows.length, 0) >= EMBED_GROUP) await flush();
  }
  await flush();
  try {
    while (inFlight.length > 0) await inFlight.shift();
  } finally {
    await Promise.allSettled(inFlight);
  }
  report();
  const longWindows = new LongNegativeWindows(await embedLongNegatives(raw, longSources, cache, backbone, onProgress, warnings), config.training.long_negatives.hop);

  const examples: Example[] = [];
  const durationsByFile = new Map<string, number>(val.files.map((f: SplitFile) => [f.path, f.durationSeconds ?? Number.NaN]));
  let generalNegativeSeconds = 0;
  for (const job of jobs) {
    const result = results.get(job);
    if (!result) continue;
    const recorded = recordedWeight(job.relative, config);
    result.embeddings.forEach((embeddings, index) => examples.push({ embeddings, kind: job.kind, source: job.source, key: `${job.relative}#${String(job.copy)}:${String(index)}`, recorded }));
    if (job.source === 'val' && (job.kind === 'negative' || job.kind === 'background')) {
      // A cache hit does not decode the file: its duration comes from the scan, else from its window count.
      const known = Number.isFinite(result.seconds) ? result.seconds : (durationsByFile.get(job.relative) ?? Number.NaN);
      generalNegativeSeconds += Number.isFinite(known) ? known : (result.embeddings.length * VALIDATION_HOP) / OWW_SAMPLE_RATE;
    }
  }
  const trainExamples = examples.filter((e) => e.source === 'train');
  const valExamples = examples.filter((e) => e.source === 'val');
  if (!trainExamples.some((e) => e.kind === 'positive')) throw new Error('None of the positive training clips could be read; see the warnings above.');
  if (!valExamples.some((e) => e.kind === 'positive')) warnings.push('The validation split has no positive clips: FRR and recall cannot be measured.');
  if (generalNegativeSeconds === 0) warnings.push('The validation split has no general negatives (data/raw/negative): false accepts per hour cannot be measured.');

  const validationFeatures = new Float32Array(valExamples.length * PER_EXAMPLE);
  valExamples.forEach((e, i) => validationFeatures.set(e.embeddings, i * PER_EXAMPLE));
  const trainFeatures = new Float32Array(trainExamples.length * PER_EXAMPLE);
  trainExamples.forEach((e, i) => trainFeatures.set(e.embeddings, i * PER_EXAMPLE));
  const trainLabels = Int32Array.from(trainExamples, (e) => (e.kind === 'positive' ? 1 : 0));
  // Class weights from what an epoch holds: clip examples plus the long windows drawn per epoch. Mined windows
  // are not counted: they are deliberate extra emphasis (training.mining.weight) on top of the balance.
  const trainPositives = trainLabels.reduce((n, label) => n + label, 0);
  const longPerEpoch = Math.min(config.training.long_negatives.windows_per_epoch, longWindows.count);
  const weightOf = exampleWeights(config.loss, { positives: trainPositives, negatives: trainExamples.length - trainPositives + longPerEpoch });
  const trainWeights = Float32Array.from(trainExamples, (e) => weightOf(e.kind) * e.recorded);
  const pool = new OwwTrainingPool(
    { features: trainFeatures, labels: trainLabels, weights: trainWeights, keys: trainExamples.map((e) => e.key) },
    longWindows,
    { perExample: PER_EXAMPLE, batchSize: config.training.batch_size, seed, windowsPerEpoch: config.training.long_negatives.windows_per_epoch, longWeight: weightOf, mining: config.training.mining },
  );
  const longSteps = longWindows.recordings.reduce((n, recording) => n + recording.embeddings.steps, 0);

  return {
    frames: OWW_CONTEXT_EMBEDDINGS,
    nMels: OWW_EMBEDDING_DIM,
    validation: { features: validationFeatures, kinds: valExamples.map((e) => e.kind), generalNegativeHours: generalNegativeSeconds / 3600 },
    warnings,
    cmvn: null,
    cache: { hits: cache.hits, misses: cache.misses, dir: cache.dir },
    longNegatives: { recordings: longWindows.recordings.length, hours: (longSteps * OWW_CHUNK_SAMPLES) / OWW_SAMPLE_RATE / 3600, windows: longWindows.count, perEpoch: pool.longPerEpoch },
    ...(pool.miner ? { miner: pool.miner } : {}),
    get trainSize(): number {
      return pool.size;
    },
    batches: (epoch: number): AsyncIterable<Batch> => pool.batches(epoch),
  };
}

/** FNV-1a: a stable per-clip seed offset (not for security). */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
