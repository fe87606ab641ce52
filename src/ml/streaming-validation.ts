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

/** Steps `from`..`to` (inclusive) of one stream. */
interface Segment {
  readonly stream: StepStream;
  readonly from: number;
  readonly to: number;
}

/**
 * The scores of every segment's steps. Inputs of consecutive segments share batches of up to PREDICT_BATCH
 * (a clip's stream is a few dozen steps: one model call each cost more than the scoring itself), gathered in
 * one reused buffer. A step's score depends on its input alone, so the grouping does not change it.
 */
export function scoreSegments(segments: readonly Segment[], inputSize: number, predict: StepPredictor): Float32Array[] {
  const out = segments.map((segment) => new Float32Array(Math.max(0, segment.to - segment.from + 1)));
  const total = out.reduce((n, scores) => n + scores.length, 0);
  const batch = new Float32Array(Math.min(PREDICT_BATCH, Math.max(1, total)) * inputSize);
  // Where each input of the batch goes: segment and step offset.
  const owner = new Int32Array(PREDICT_BATCH);
  const offset = new Int32Array(PREDICT_BATCH);
  let filled = 0;
  const flush = (): void => {
    if (filled === 0) return;
    const scores = predict(batch.subarray(0, filled * inputSize), filled);
    if (scores.length < filled) throw new Error(`streaming validation: the model returned ${String(scores.length)} scores for ${String(filled)} inputs`);
    for (let k = 0; k < filled; k += 1) (out[owner[k] as number] as Float32Array)[offset[k] as number] = scores[k] as number;
    filled = 0;
  };
  segments.forEach((segment, index) => {
    for (let step = segment.from; step <= segment.to; step += 1) {
      batch.set(segment.stream.input(step), filled * inputSize);
      owner[filled] = index;
      offset[filled] = step - segment.from;
      filled += 1;
      if (filled === PREDICT_BATCH) flush();
    }
  });
  flush();
  return out;
}

/** Scores every step of the negative streams and the steps around each clip (smoothing looks back a few steps). */
export function scoreStreamingSet(set: StreamingValidationSet, predict: StepPredictor): StreamingScores {
  const back = set.settings.smoothing - 1;
  const clipFrom = (clip: StreamedClip): number => Math.max(0, clip.firstStep - back);
  const scored = scoreSegments(
    [...set.negatives.map((stream) => ({ stream, from: 0, to: stream.steps - 1 })), ...set.clips.map((clip) => ({ stream: clip.stream, from: clipFrom(clip), to: clip.lastStep }))],
    set.inputSize,
    predict,
  );
  const negatives = scored.slice(0, set.negatives.length);
  const clipScores = Float64Array.from(set.clips, (clip, i) => {
    const from = clipFrom(clip);
    const smoothed = smoothScores(scored[set.negatives.length + i] as Float32Array, set.settings.smoothing);
    let best = 0;
    for (let j = clip.firstStep - from; j < smoothed.length; j += 1) best = Math.max(best, smoothed[j] as number);
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
