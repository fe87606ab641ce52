/**
 * Streaming validation for log-mel runs, the counterpart of oww/validation-streams.ts: general negatives joined
 * in split order into continuous streams of up to 10 minutes, scored in clip-length windows every detector hop
 * exactly as `wakeword detect` scores a recording (log-mel-scorer.ts: each window cut with windowAt and turned
 * into features by makeExample with the run's CMVN), and every positive or hard-negative clip in a short stream
 * of its own after one window of faint noise. FA/h is then the streaming detector's count over real hours, as
 * for the openWakeWord family. Training validation and `wakeword eval` both build their streams here.
 */
import type { CmvnStats } from '../shared/core/audio/cmvn';
import { makeExample, type ExampleContext } from '../shared/core/audio/augment/pipeline';
import type { LogMelExtractor } from '../shared/core/audio/log-mel';
import { createRng } from '../shared/core/audio/rng';
import type { SplitFile } from '../shared/core/dataset/manifest';
import type { StreamDetectorSettings } from '../shared/core/detection/streaming-fah';
import { windowAt, windowStarts } from '../shared/core/detection/streaming-detector';
import type { DetectionSettings } from '../shared/core/evaluation/operating-point';
import { groupNegatives, type StepStream, type StreamedClip, type StreamingValidationSet, type StreamMember } from './streaming-validation';

const NOISE_LEVEL = 1e-3;
/** Window features kept in memory across epochs up to this many bytes; beyond it they are computed again. */
const DEFAULT_FEATURE_BUDGET = 512 * 1024 ** 2;

/** What turns a window of audio into the model's input, as the run's scorer does. */
export interface LogMelFrontEnd {
  readonly sampleRate: number;
  readonly clipSamples: number;
  readonly extractor: LogMelExtractor;
  readonly cmvn: CmvnStats | null;
  /** Floats in one window's features (frames x mels). */
  readonly inputSize: number;
  /** The augmentation context without augmentation (validation and detection never augment). */
  readonly context: Omit<ExampleContext, 'positive' | 'augment'>;
}

/** The detector's settings for a log-mel run: clip-length windows every `hopSeconds`. */
export function logMelStreamSettings(frontEnd: Pick<LogMelFrontEnd, 'sampleRate' | 'clipSamples'>, detection: Pick<DetectionSettings, 'hopSeconds' | 'smoothing' | 'refractorySeconds'>): StreamDetectorSettings {
  return {
    sampleRate: frontEnd.sampleRate,
    windowSamples: frontEnd.clipSamples,
    hopSamples: Math.max(1, Math.round(detection.hopSeconds * frontEnd.sampleRate)),
    smoothing: detection.smoothing,
    refractorySeconds: detection.refractorySeconds,
  };
}

/** Shares one memory budget between the streams of a set. */
class FeatureBudget {
  constructor(private remaining: number) {}
  take(bytes: number): boolean {
    if (bytes > this.remaining) return false;
    this.remaining -= bytes;
    return true;
  }
}

/** A recording as the detector's windows; each window's features are computed on first use and kept while the budget lasts. */
export function logMelStepStream(audio: Float32Array, frontEnd: LogMelFrontEnd, hopSamples: number, budget = new FeatureBudget(DEFAULT_FEATURE_BUDGET)): StepStream {
  const starts = windowStarts(audio.length, frontEnd.clipSamples, hopSamples);
  const context: ExampleContext = { ...frontEnd.context, positive: false, augment: false };
  const kept: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(starts.length);
  return {
    steps: starts.length,
    input(step) {
      const cached = kept[step];
      if (cached) return cached;
      const features = makeExample(windowAt(audio, starts[step] as number, frontEnd.clipSamples), context, frontEnd.extractor, frontEnd.cmvn);
      if (budget.take(features.byteLength)) kept[step] = features;
      return features;
    },
  };
}

/** Faint noise, the same for every clip. */
function quietNoise(samples: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: samples }, () => (rng.next() * 2 - 1) * NOISE_LEVEL);
}

/** A clip's own short stream: one window of faint noise before it (so the first window hears none of it), half a second after. */
export function placeLogMelClip(audio: Float32Array, frontEnd: Pick<LogMelFrontEnd, 'sampleRate' | 'clipSamples'>): Float32Array {
  const lead = frontEnd.clipSamples;
  const tail = Math.round(0.5 * frontEnd.sampleRate);
  const placed = new Float32Array(lead + audio.length + tail);
  placed.set(quietNoise(lead, 1));
  placed.set(audio, lead);
  placed.set(quietNoise(tail, 2), lead + audio.length);
  return placed;
}

/**
 * The first window that hears any of a clip placed by placeLogMelClip: window 0 is the lead of noise exactly,
 * window 1 starts one hop later and so ends one hop into the clip.
 */
export const LOG_MEL_CLIP_FIRST_STEP = 1;

export interface DecodedSplitFile {
  readonly file: SplitFile;
  readonly audio: Float32Array;
}

/**
 * The streaming set of a split's decoded files (unreadable files already left out by the caller): general
 * negatives (negative/) as continuous streams, positives and hard negatives as clips in streams of their own.
 */
export function buildLogMelStreams(files: readonly DecodedSplitFile[], frontEnd: LogMelFrontEnd, settings: StreamDetectorSettings, featureBudget = DEFAULT_FEATURE_BUDGET): StreamingValidationSet {
  const budget = new FeatureBudget(featureBudget);
  const hop = settings.hopSamples;
  const negatives: StepStream[] = [];
  const members: StreamMember[] = [];
  // Grouped by decoded length, which is what the stream holds.
  const general = files.filter((f) => f.file.category === 'negative').map((f) => ({ ...f, file: { ...f.file, durationSeconds: f.audio.length / frontEnd.sampleRate } }));
  for (const group of groupNegatives(general)) {
    const joined = new Float32Array(group.reduce((n, m) => n + m.audio.length, 0));
    let at = 0;
    const offsets: [number, number][] = [];
    for (const member of group) {
      joined.set(member.audio, at);
      offsets.push([at, at + member.audio.length]);
      at += member.audio.length;
    }
    const stream = logMelStepStream(joined, frontEnd, hop, budget);
    if (stream.steps === 0) continue;
    const index = negatives.length;
    negatives.push(stream);
    group.forEach((member, k) => {
      const [start, end] = offsets[k] as [number, number];
      // The windows that hear any of this file.
      const firstStep = Math.min(stream.steps - 1, Math.max(0, Math.floor((start - frontEnd.clipSamples) / hop) + 1));
      const lastStep = Math.max(firstStep, Math.min(stream.steps - 1, Math.ceil(end / hop) - 1));
      members.push({ path: member.file.path, stream: index, firstStep, lastStep });
    });
  }
  const clips: StreamedClip[] = [];
  const firstStep = LOG_MEL_CLIP_FIRST_STEP;
  for (const { file, audio } of files) {
    if (file.category !== 'positive' && file.category !== 'hard_negative') continue;
    const stream = logMelStepStream(placeLogMelClip(audio, frontEnd), frontEnd, hop, budget);
    if (stream.steps <= firstStep) continue;
    clips.push({ path: file.path, kind: file.category, stream, firstStep, lastStep: stream.steps - 1 });
  }
  return { negatives, members, clips, settings, inputSize: frontEnd.inputSize };
}
