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
import type { SplitFile } from '../../shared/core/dataset/manifest';
import type { ClipKind } from '../../shared/core/metrics';
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
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
import { augmentedCopyRecipe, PER_EXAMPLE, RECIPE_VERSION, VALIDATION_HOP, type ClipJob, type ClipRecipe, type ClipSource } from './training-clips';
import { loadValidationStreams, withValidationStreams } from './validation-streams';
import { errorMessage } from '../../shared/error-message';

/** Clips per message to an embedding worker: their windows share the embedding model's batches. */
const EMBED_GROUP = 32;
/** The smallest group, near the end of the pass. */
const MIN_GROUP = 8;
/** Groups queued per embedding worker: one computing, one waiting, so it never idles between messages. */
const GROUPS_PER_WORKER = 2;

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

interface Example {
  readonly embeddings: Float32Array;
  readonly kind: ClipKind;
  readonly source: ClipSource;
  /** Names the window stably (file, copy, window index): mined windows are saved by key. */
  readonly key: string;
  /** Loss multiplier for the user's own recordings (loss.recorded_weight), 1 otherwise. */
  readonly recorded: number;
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

  const recipe: ClipRecipe = { seed, augmentation: config.augmentation };
  let audioShared = false;
  const decodeList = async (list: readonly string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (const relative of list) {
      try {
        const audio = await loadMonoClip(path.join(raw, relative), OWW_SAMPLE_RATE, { displayName: relative });
        // Shared memory: every embedding worker reads this one copy.
        const shared = new Float32Array(new SharedArrayBuffer(audio.byteLength));
        shared.set(audio);
        out.push(shared);
      } catch (error) {
        warnings.push(`Skipped ${relative}: ${errorMessage(error)}`);
      }
    }
    return out;
  };
  // Decoded only when an augmented copy has to be computed (a warm cache needs none of it), once per pass.
  const shareAugmentationAudio = async (): Promise<void> => {
    if (audioShared) return;
    audioShared = true;
    const [backgrounds, rirs] = [await decodeList(train.augmentation.background), await decodeList(train.augmentation.rirs)];
    backbone.shareAugmentationAudio({ backgrounds, rirs });
  };
  const augmentedRecipe = augmentedCopyRecipe(config.augmentation, train.augmentation.background, train.augmentation.rirs);

  // Long training negatives go through the step path after the clips (embedLongNegatives below).
  const longSources = findLongNegatives(raw, train);
  const isLong = new Set(longSources.map((source) => source.relative));
  const jobs: ClipJob[] = [];
  const job = (relative: string, kind: ClipKind, source: ClipSource, copy: number): ClipJob => ({ file: path.join(raw, relative), relative, kind, source, copy });
  for (const file of train.files) {
    if (isLong.has(file.path)) continue;
    for (let copy = 0; copy <= copies; copy += 1) jobs.push(job(file.path, file.category, 'train', copy));
  }
  for (const relative of train.augmentation.background) if (!isLong.has(relative)) jobs.push(job(relative, 'background', 'train', 0));
  for (const file of val.files) jobs.push(job(file.path, file.category, 'val', 0));

  const results = new Map<ClipJob, { embeddings: Float32Array[]; seconds: number }>();
  const unreadable = new Set<string>();
  let done = 0;
  const report = (): void => onProgress(done, jobs.length, `Embedding audio with openWakeWord (${done}/${jobs.length}, ${cache.hits} from the cache)`);
  report();

  // Cache first (cheap file reads on this thread); what is missing is computed below.
  const missing: { job: ClipJob; key: string }[] = [];
  for (const clip of jobs) {
    let info;
    try {
      info = await stat(clip.file);
    } catch {
      warnings.push(`Skipped ${clip.relative}: the file is missing (scan and split the dataset again)`);
      done += 1;
      continue;
    }
    const key = cache.key({ file: clip.file, size: info.size, mtimeMs: info.mtimeMs, recipe: clip.copy === 0 ? `clean-${RECIPE_VERSION}-${clip.source}-${clip.kind}` : augmentedRecipe, seed: clip.copy === 0 ? 0 : seed, copy: clip.copy });
    const cached = await cache.get(key);
    if (cached && cached.length % PER_EXAMPLE === 0 && cached.length > 0) {
      const count = cached.length / PER_EXAMPLE;
      results.set(clip, { embeddings: Array.from({ length: count }, (_, i) => cached.subarray(i * PER_EXAMPLE, (i + 1) * PER_EXAMPLE)), seconds: Number.NaN });
      done += 1;
      if (done % 50 === 0) report();
      continue;
    }
    missing.push({ job: clip, key });
  }
  report();

  // Decode, augmentation and embedding run in the embedding workers (on this thread without any), a group of
  // clips per message; a few groups per worker are queued so none waits while this thread stores results.
  const width = Math.max(1, backbone.workers);
  const inFlight: Promise<void>[] = [];
  const computeGroup = async (group: readonly { job: ClipJob; key: string }[]): Promise<void> => {
    const outcomes = await backbone.embedTrainingClips(
      group.map((entry) => entry.job),
      recipe,
    );
    for (const [index, { job: clip, key }] of group.entries()) {
      const outcome = outcomes[index];
      done += 1;
      if (!outcome) continue;
      if ('error' in outcome) {
        if (!unreadable.has(clip.relative)) warnings.push(`Skipped ${clip.relative}: ${outcome.error}`);
        unreadable.add(clip.relative);
        continue;
      }
      await cache.put(key, outcome.rows);
      results.set(clip, { embeddings: Array.from({ length: outcome.windows }, (_, i) => outcome.rows.subarray(i * PER_EXAMPLE, (i + 1) * PER_EXAMPLE)), seconds: outcome.seconds });
    }
    report();
  };
  let at = 0;
  try {
    while (at < missing.length) {
      // Groups of up to EMBED_GROUP clips, smaller near the end so every worker finishes about together; a
      // clip's copies stay in one group (one decode).
      const size = Math.max(MIN_GROUP, Math.min(EMBED_GROUP, Math.ceil((missing.length - at) / (GROUPS_PER_WORKER * width))));
      let end = Math.min(missing.length, at + size);
      while (end < missing.length && missing[end]?.job.relative === missing[end - 1]?.job.relative) end += 1;
      const group = missing.slice(at, end);
      at = end;
      if (group.some((entry) => entry.job.copy > 0)) await shareAugmentationAudio();
      const computing = computeGroup(group);
      // Observed now: a failure surfaces when its turn is awaited, never as an unhandled rejection.
      computing.catch(() => undefined);
      inFlight.push(computing);
      if (inFlight.length >= GROUPS_PER_WORKER * width) await inFlight.shift();
    }
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
