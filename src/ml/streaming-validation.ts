/**
 * Validation the way the detector is used: general negatives as long continuous streams scored at every step
 * (FA/h = streaming detections per hour, with the hours and a 95 % bound), and each positive or hard-negative
 * clip in a short stream of its own, detected when its smoothed score reaches the threshold at a step covering
 * it. Training (every epoch) and evaluation both score these sets with this code, so their figures agree.
 */
import type { SplitFile } from '../shared/core/dataset/manifest';
import { fahEstimate, type FahEstimate } from '../shared/core/fah';
import { NegativeStreams, acceptedShare, smoothScores, streamHours, type StreamDetectorSettings, type TailFit } from '../shared/core/detection/streaming-fah';

/** A stream of classifier inputs, one per detector step. */
export interface StepStream {
  readonly steps: number;
  /** The classifier input at `step` ([frames x features], row-major; may be a view). */
  input(step: number): Float32Array;
}

export interface StreamedClip {
  readonly path: string;
  readonly kind: 'positive' | 'hard_negative';
  readonly stream: StepStream;
  /** Steps whose scores can detect the clip (inclusive). */
  readonly firstStep: number;
  readonly lastStep: number;
}

/** Where a general-negative file sits in its stream (for per-file listings). */
export interface StreamMember {
  readonly path: string;
  readonly stream: number;
  readonly firstStep: number;
  readonly lastStep: number;
}

export interface StreamingValidationSet {
  readonly negatives: readonly StepStream[];
  readonly members: readonly StreamMember[];
  readonly clips: readonly StreamedClip[];
  readonly settings: StreamDetectorSettings;
  /** Length of the classifier input (frames x features). */
  readonly inputSize: number;
}

/** Model scores for `count` inputs laid out back to back. */
export type StepPredictor = (inputs: Float32Array, count: number) => Float32Array;

export interface StreamingScores {
  /** Raw per-step scores of each general-negative stream. */
  readonly negatives: readonly Float32Array[];
  /** Each clip's highest smoothed score over its steps, in set.clips order. */
  readonly clipScores: Float64Array;
}

export interface StreamingMeasure {
  readonly targetFah: number;
  readonly threshold: number;
  /** False accepts at `threshold`. */
  readonly atTarget: FahEstimate;
  /** False accepts at 0.5. */
  readonly at05: FahEstimate;
  /** Positive clips detected at `threshold`; 0 without positives. */
  readonly recall: number;
  readonly positives: number;
  /** Hard-negative clips detected at `threshold`; null without any. */
  readonly hardNegativeFpr: number | null;
  /** Present when too few hours made the threshold come from the tail fit rather than the count. */
  readonly thresholdTail?: TailFit;
}

/** Longest continuous stream general negatives are joined into (a longer recording is a stream of its own). */
export const MAX_STREAM_SECONDS = 600;

/** General negatives in split order, cut into streams of at most MAX_STREAM_SECONDS (by their scanned lengths). */
export function groupNegatives<T extends { readonly file: SplitFile }>(members: readonly T[], maxSeconds = MAX_STREAM_SECONDS): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let seconds = 0;
  for (const member of members) {
    const length = member.file.durationSeconds ?? 0;
    if (current.length > 0 && seconds + length > maxSeconds) {
      groups.push(current);
      current = [];
      seconds = 0;
    }
    current.push(member);
    seconds += length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

const PREDICT_BATCH = 512;

/** Hours of audio the general-negative streams cover (what FA/h rests on). */
export function streamsHours(set: StreamingValidationSet): number {
  return streamHours(set.negatives.reduce((n, s) => n + s.steps, 0), set.settings);
}

function scoreSteps(stream: StepStream, from: number, to: number, inputSize: number, predict: StepPredictor): Float32Array {
  const out = new Float32Array(Math.max(0, to - from + 1));
  for (let start = from; start <= to; start += PREDICT_BATCH) {
    const count = Math.min(PREDICT_BATCH, to - start + 1);
    const batch = new Float32Array(count * inputSize);
    for (let k = 0; k < count; k += 1) batch.set(stream.input(start + k), k * inputSize);
    out.set(predict(batch, count).subarray(0, count), start - from);
  }
  return out;
}

/** Scores every step of the negative streams and the steps around each clip (smoothing looks back a few steps). */
export function scoreStreamingSet(set: StreamingValidationSet, predict: StepPredictor): StreamingScores {
  const negatives = set.negatives.map((stream) => scoreSteps(stream, 0, stream.steps - 1, set.inputSize, predict));
  const back = set.settings.smoothing - 1;
  const clipScores = Float64Array.from(set.clips, (clip) => {
    const from = Math.max(0, clip.firstStep - back);
    const scores = scoreSteps(clip.stream, from, clip.lastStep, set.inputSize, predict);
    const smoothed = smoothScores(scores, set.settings.smoothing);
    let best = 0;
    for (let i = clip.firstStep - from; i < smoothed.length; i += 1) best = Math.max(best, smoothed[i] as number);
    return best;
  });
  return { negatives, clipScores };
}

/** The epoch's detection figures: the threshold for the target FA/h on the streams, recall and hard-negative FPR there. */
export function measureStreaming(set: StreamingValidationSet, scores: StreamingScores, targetFah: number): StreamingMeasure {
  const streams = new NegativeStreams(scores.negatives, set.settings);
  const chosen = streams.thresholdForTarget(targetFah);
  const positive: number[] = [];
  const hard: number[] = [];
  set.clips.forEach((clip, i) => (clip.kind === 'positive' ? positive : hard).push(scores.clipScores[i] as number));
  return {
    targetFah,
    threshold: chosen.threshold,
    atTarget: chosen.estimate,
    at05: fahEstimate(streams.falseAccepts(0.5), streams.hours),
    recall: acceptedShare(positive, chosen.threshold) ?? 0,
    positives: positive.length,
    hardNegativeFpr: acceptedShare(hard, chosen.threshold),
    ...(chosen.tail ? { thresholdTail: chosen.tail } : {}),
  };
}
