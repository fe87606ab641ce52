/**
 * From the workspace's split manifests to what the loop consumes: decoded training audio (kept in memory
 * when it fits), augmented log-mel batches drawn fresh every epoch, and a fixed validation set: one example per
 * clip (general negatives cut into clip-length windows) for loss and accuracy, and the same audio as streams
 * the detector runs over (log-mel-validation-streams.ts) for FA/h, the threshold and recall.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingConfig } from '../shared/config/schema';
import { toFrontEndConfig } from '../shared/config/front-end';
import { CmvnAccumulator, type CmvnStats } from '../shared/core/audio/cmvn';
import { makeExample, type ExampleContext } from '../shared/core/audio/augment/pipeline';
import { LogMelExtractor } from '../shared/core/audio/log-mel';
import { negativeSeconds, negativeWindowStarts } from '../shared/core/evaluation/negative-windows';
import { createRng } from '../shared/core/audio/rng';
import { DecodedAudioCache } from '../node/audio/audio-cache';
import { BatchLoader, type LoaderItem } from '../node/audio/batch-loader';
import type { SplitFile, SplitManifest } from '../shared/core/dataset/manifest';
import type { ClipKind } from '../shared/core/metrics';
import { loadMonoClip } from '../node/audio/decode-audio';
import { recordedWeight } from '../shared/core/dataset/recording/recorded-weight';
import { exampleWeights } from './losses';
import type { EvalSet, LoopData } from './training-loop';
import { DEFAULT_DETECTION_SETTINGS } from '../shared/core/evaluation/operating-point';
import { buildLogMelStreams, logMelStreamSettings, type DecodedSplitFile } from './log-mel-validation-streams';
import { errorMessage } from '../shared/error-message';

export interface TrainingData extends LoopData {
  readonly warnings: readonly string[];
  /** Per-bin normalisation computed on the training split (features.cmvn), stored with the run. */
  readonly cmvn: CmvnStats | null;
}

export type ProgressCallback = (done: number, total: number, detail: string) => void;

/** Decoded training audio is kept in memory up to this budget; beyond it, clips are decoded again when needed. */
const DEFAULT_CACHE_BYTES = 2 * 1024 ** 3;

/** The train and validation splits, train first, so a workspace without splits is always reported the same way. */
export async function readTrainingSplits(workspace: string): Promise<[SplitManifest, SplitManifest]> {
  const train = await readSplit(workspace, 'train');
  return [train, await readSplit(workspace, 'val')];
}

export async function readSplit(workspace: string, split: 'train' | 'val' | 'test'): Promise<SplitManifest> {
  const file = path.join(workspace, 'data', 'splits', `${split}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: scan and split the dataset first (Dataset panel, or "wakeword split").`);
  }
  try {
    const manifest = JSON.parse(text) as SplitManifest;
    if (!Array.isArray(manifest.files)) throw new Error('no "files" list');
    return manifest;
  } catch (error) {
    throw new Error(`${file} is not a valid split manifest (${errorMessage(error)}): split the dataset again.`);
  }
}

function kindOf(file: SplitFile): ClipKind {
  return file.category;
}

export async function loadTrainingData(
  workspace: string,
  config: TrainingConfig,
  onProgress: ProgressCallback = () => undefined,
  cacheBytes = DEFAULT_CACHE_BYTES,
): Promise<TrainingData> {
  const raw = path.join(workspace, 'data', 'raw');
  const sampleRate = config.data.sample_rate;
  const clipSamples = Math.round(config.data.clip_duration * sampleRate);
  const extractor = new LogMelExtractor(toFrontEndConfig(config));
  const frames = extractor.frameCount(clipSamples);
  const nMels = config.features.n_mels;
  const warnings: string[] = [];

  const [train, val] = await readTrainingSplits(workspace);
  if (train.files.length === 0) throw new Error('The training split is empty: add audio to data/raw/positive and data/raw/negative, then scan and split.');
  const positives = train.files.filter((f) => f.label === 1).length;
  if (positives === 0) throw new Error('The training split has no positive clips (data/raw/positive): the model would have nothing to detect.');
  if (positives === train.files.length) throw new Error('The training split has no negative clips (data/raw/negative or hard_negative): the model could not learn what to reject.');

  const estimatedBytes = train.files.reduce((sum, f) => sum + (f.durationSeconds ?? config.data.clip_duration) * sampleRate * 4, 0);
  if (estimatedBytes > cacheBytes) {
    warnings.push(`The training audio (${(estimatedBytes / 1024 ** 3).toFixed(1)} GB decoded) is larger than the in-memory cache; clips beyond it are decoded again when needed.`);
  }
  const cache = new DecodedAudioCache({ sampleRate, maxBytes: cacheBytes });

  const total = train.files.length + val.files.length + train.augmentation.background.length + train.augmentation.rirs.length;
  let done = 0;
  const progress = (): void => {
    done += 1;
    if (done % 25 === 0 || done === total) onProgress(done, total, `Decoding audio (${String(done)}/${String(total)})`);
  };
  const decode = async (relative: string): Promise<Float32Array | null> => {
    try {
      return await loadMonoClip(path.join(raw, relative), sampleRate);
    } catch (error) {
      warnings.push(`Skipped ${relative}: ${errorMessage(error)}`);
      return null;
    } finally {
      progress();
    }
  };

  // Every training clip is decoded once up front (filling the cache): a file that cannot be read is
  // reported and left out now, rather than failing an epoch later.
  const files: SplitFile[] = [];
  for (const file of train.files) {
    try {
      await cache.get(path.join(raw, file.path), file.path);
      files.push(file);
    } catch (error) {
      warnings.push(`Skipped ${file.path}: ${errorMessage(error)}`);
    } finally {
      progress();
    }
  }
  if (files.length === 0) throw new Error('None of the training clips could be decoded; see the warnings above.');
  const backgrounds = (await Promise.all(train.augmentation.background.map(decode))).filter((a): a is Float32Array => a !== null);
  const rirs = (await Promise.all(train.augmentation.rirs.map(decode))).filter((a): a is Float32Array => a !== null);
  if (config.augmentation.reverb.probability > 0 && rirs.length === 0) warnings.push('No room impulse responses in data/raw/rirs: reverberation augmentation is off.');

  const baseContext = { sampleRate, clipSamples, config: config.augmentation, backgrounds, rirs } as const;
  const plainRng = createRng(0);

  // CMVN statistics come from un-augmented training clips only.
  let cmvn: CmvnStats | null = null;
  if (config.features.cmvn) {
    const accumulator = new CmvnAccumulator(nMels);
    for (const file of files) {
      const audio = await cache.get(path.join(raw, file.path), file.path);
      accumulator.add(makeExample(audio, { ...baseContext, positive: file.label === 1, augment: false, rng: plainRng }, extractor, null));
    }
    cmvn = accumulator.finish();
  }

  const decodedVal: DecodedSplitFile[] = [];
  const perWindow = await buildValidation(val.files, decode, { ...baseContext, augment: false, rng: plainRng }, extractor, cmvn, frames, nMels, decodedVal);
  // FA/h, the threshold and recall come from the streaming detector over the validation audio, as for the
  // openWakeWord family; the per-clip set still gives loss, accuracy and EER.
  const frontEnd = { sampleRate, clipSamples, extractor, cmvn, inputSize: frames * nMels, context: { ...baseContext, rng: plainRng } };
  const validation: EvalSet = { ...perWindow, streaming: buildLogMelStreams(decodedVal, frontEnd, logMelStreamSettings(frontEnd, DEFAULT_DETECTION_SETTINGS)) };
  if (!validation.kinds.includes('positive')) warnings.push('The validation split has no positive clips: FRR and recall cannot be measured.');
  if (validation.generalNegativeHours === 0) warnings.push('The validation split has no general negatives (data/raw/negative): false accepts per hour cannot be measured.');

  const trainPositives = files.filter((f) => f.label === 1).length;
  const weightFor = exampleWeights(config.loss, { positives: trainPositives, negatives: files.length - trainPositives });
  const weightOf = (file: SplitFile): number => weightFor(kindOf(file)) * recordedWeight(file.path, config);

  const items: LoaderItem[] = files.map((file) => ({ path: path.join(raw, file.path), displayName: file.path, label: file.label, weight: weightOf(file) }));
  const loader = new BatchLoader({
    items,
    batchSize: config.training.batch_size,
    prefetch: config.training.prefetch,
    seed: config.training.seed,
    cache,
    featureSize: frames * nMels,
    makeFeatures: (clip, item, rng) => makeExample(clip, { ...baseContext, positive: item.label === 1, augment: true, rng }, extractor, cmvn),
  });
  return {
    frames,
    nMels,
    trainSize: files.length,
    validation,
    warnings,
    cmvn,
    batches: (epoch) => loader.epoch(epoch),
  };
}

async function buildValidation(
  files: readonly SplitFile[],
  decode: (relative: string) => Promise<Float32Array | null>,
  context: Omit<ExampleContext, 'positive'>,
  extractor: LogMelExtractor,
  cmvn: CmvnStats | null,
  frames: number,
  nMels: number,
  decoded: DecodedSplitFile[],
): Promise<EvalSet> {
  const examples: Float32Array[] = [];
  const kinds: ClipKind[] = [];
  let generalNegativeSamples = 0;
  for (const file of files) {
    const audio = await decode(file.path);
    if (!audio) continue;
    decoded.push({ file, audio });
    const kind = kindOf(file);
    if (kind === 'negative') {
      // A long negative recording is scored window by window, as a detector would hear it; evaluation cuts it the same way.
      for (const start of negativeWindowStarts(audio.length, context.clipSamples)) {
        examples.push(makeExample(audio.subarray(start, start + context.clipSamples), { ...context, positive: false }, extractor, cmvn));
        kinds.push(kind);
      }
      generalNegativeSamples += negativeSeconds(audio.length, context.clipSamples, context.sampleRate) * context.sampleRate;
    } else {
      examples.push(makeExample(audio, { ...context, positive: kind === 'positive' }, extractor, cmvn));
      kinds.push(kind);
    }
  }
  const features = new Float32Array(examples.length * frames * nMels);
  examples.forEach((example, i) => features.set(example, i * frames * nMels));
  return { features, kinds, generalNegativeHours: generalNegativeSamples / context.sampleRate / 3600 };
}
