/**
 * Evaluation figures from per-file scores, using the one metrics definition (../metrics). Pure, so the
 * panel recomputes everything at a new operating point without scoring the audio again. With negative
 * streams (oww runs) FA/h counts the streaming detector's detections over them, as training's validation
 * does; without (log-mel runs) it counts accepted windows of the general negatives.
 */
import type { SplitCategory, SplitName } from '../dataset/categories';
import { NegativeStreams, type StreamDetectorSettings, type TailFit } from '../detection/streaming-fah';
import { fahEstimate, type FahEstimate } from '../fah';
import {
  type ClipKind,
  type Confusion,
  type DetPoint,
  type FahPoint,
  type OperatingPoint,
  type RocPoint,
  confusionAt,
  detCurve,
  equalErrorRate,
  falseAcceptsPerHour,
  frrVsFahCurve,
  ratesOf,
  rocAuc,
  rocCurve,
  thinCurve,
  thresholdForTargetFah,
} from '../metrics';

export interface ScoredFile {
  /** Relative to data/raw, with forward slashes. */
  readonly path: string;
  readonly category: SplitCategory;
  readonly label: 0 | 1;
  readonly durationSeconds: number;
  /**
   * One score per clip-length window: one for a clip, several for a long general negative recording. With
   * negative streams every file has one score: a clip's highest smoothed score in its stream, a general
   * negative's highest smoothed score over its part of the stream.
   */
  readonly scores: readonly number[];
}

/** General negatives as continuous streams of per-step scores, and the detector that runs over them. */
export interface SplitStreams {
  readonly settings: StreamDetectorSettings;
  readonly scores: readonly (readonly number[])[];
  /** Hours the streams cover: what FA/h rests on. */
  readonly hours: number;
}

export interface SplitScores {
  readonly split: SplitName;
  readonly files: readonly ScoredFile[];
  /** Hours of general negative audio (negative/) behind FAH. */
  readonly generalNegativeHours: number;
  /** Files that could not be decoded, with the reason. */
  readonly warnings: readonly string[];
  /** Present when FA/h is measured by the streaming detector (oww runs). */
  readonly streams?: SplitStreams;
}

export interface EvaluationMetrics extends Confusion {
  readonly threshold: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly fpr: number;
  readonly frr: number;
  readonly falseAccepts: number;
  /** False accepts per hour on general negatives; NaN without any. */
  readonly fah: number;
  readonly generalNegativeHours: number;
  /** falseAccepts over the hours, with the 95 % upper bound. */
  readonly fahEstimate: FahEstimate;
  /** How FA/h was counted: streaming detections, or accepted windows. */
  readonly fahBasis: 'streaming' | 'windows';
  /** What the confusion matrix counts: files (one score each), or windows (long negatives cut into several). */
  readonly countedUnit: 'files' | 'windows';
  /** Share of hard negatives accepted; null without any. */
  readonly hardNegativeFpr: number | null;
  readonly eer: number;
  readonly eerThreshold: number;
  readonly auc: number;
  readonly positives: number;
  readonly negatives: number;
}

interface Examples {
  readonly scores: number[];
  readonly kinds: ClipKind[];
}

/** Every scored window as one example, as training's validation counts them. */
export function examplesOf(files: readonly ScoredFile[]): Examples {
  const scores: number[] = [];
  const kinds: ClipKind[] = [];
  for (const file of files) {
    for (const score of file.scores) {
      scores.push(score);
      kinds.push(file.category);
    }
  }
  return { scores, kinds };
}

function byKind(examples: Examples): { positive: number[]; general: number[]; hard: number[] } {
  const positive: number[] = [];
  const general: number[] = [];
  const hard: number[] = [];
  examples.kinds.forEach((kind, i) => {
    const score = examples.scores[i] ?? 0;
    if (kind === 'positive') positive.push(score);
    else if (kind === 'hard_negative') hard.push(score);
    else general.push(score);
  });
  return { positive, general, hard };
}

const labelsOf = (kinds: readonly ClipKind[]): number[] => kinds.map((kind) => (kind === 'positive' ? 1 : 0));

export function evaluationMetrics(files: readonly ScoredFile[], generalNegativeHours: number, threshold: number, streams?: SplitStreams): EvaluationMetrics {
  const examples = examplesOf(files);
  const data = { scores: examples.scores, labels: labelsOf(examples.kinds) };
  const confusion = confusionAt(data, threshold);
  const rates = ratesOf(confusion);
  const { eer, threshold: eerThreshold } = equalErrorRate(data);
  const { general, hard } = byKind(examples);
  const falseAccepts = streams ? new NegativeStreams(streams.scores, streams.settings).falseAccepts(threshold) : general.filter((score) => score >= threshold).length;
  return {
    threshold,
    ...confusion,
    ...rates,
    falseAccepts,
    fah: falseAcceptsPerHour(falseAccepts, generalNegativeHours),
    generalNegativeHours,
    fahEstimate: fahEstimate(falseAccepts, generalNegativeHours),
    fahBasis: streams ? 'streaming' : 'windows',
    countedUnit: examples.scores.length === files.length ? 'files' : 'windows',
    hardNegativeFpr: hard.length === 0 ? null : hard.filter((score) => score >= threshold).length / hard.length,
    eer,
    eerThreshold,
    auc: rocAuc(data),
    positives: confusion.tp + confusion.fn,
    negatives: confusion.fp + confusion.tn,
  };
}

/**
 * The loosest threshold keeping FAH on this split's general negatives at or under the target: on the
 * streams when given (the same rule training's validation uses, tail extrapolation included when the hours
 * are too few to count down to the target), else on the windows.
 */
export function thresholdForFiles(files: readonly ScoredFile[], generalNegativeHours: number, targetFah: number, streams?: SplitStreams): StreamOperatingPoint {
  const { positive, general } = byKind(examplesOf(files));
  if (!streams) return thresholdForTargetFah(positive, general, generalNegativeHours, targetFah);
  const { threshold, estimate, tail } = new NegativeStreams(streams.scores, streams.settings).thresholdForTarget(targetFah);
  const recall = positive.length === 0 ? 0 : positive.filter((score) => score >= threshold).length / positive.length;
  return { threshold, falseAccepts: estimate.falseAccepts, fah: estimate.fah, recall, frr: positive.length === 0 ? 0 : 1 - recall, ...(tail ? { tail } : {}) };
}

/** An operating point; `tail` is set when the streams' hours were too few to count down to the target and the threshold is an extrapolation. */
export interface StreamOperatingPoint extends OperatingPoint {
  readonly tail?: TailFit;
}

/** FRR against streaming FA/h at up to `maxPoints` thresholds (each a pass over the streams), strictest first. */
function streamingFahCurve(positive: readonly number[], streams: SplitStreams, maxPoints: number): FahPoint[] {
  const prepared = new NegativeStreams(streams.scores, streams.settings);
  const candidates = new Set<number>(positive);
  for (let i = 0; i <= 100; i += 1) candidates.add(i / 100);
  const sorted = [...candidates].sort((a, b) => b - a);
  const step = Math.max(1, Math.ceil(sorted.length / maxPoints));
  const points: FahPoint[] = [];
  for (let i = 0; i < sorted.length; i += step) {
    const threshold = sorted[i] as number;
    const falseAccepts = prepared.falseAccepts(threshold);
    const accepted = positive.filter((score) => score >= threshold).length;
    points.push({ threshold, falseAccepts, fah: falseAcceptsPerHour(falseAccepts, streams.hours), frr: positive.length === 0 ? 0 : 1 - accepted / positive.length });
  }
  return points;
}

export interface EvaluationCurves {
  readonly roc: readonly RocPoint[];
  readonly det: readonly DetPoint[];
  readonly frrVsFah: readonly FahPoint[];
}

/** ROC, DET and FRR-vs-FAH curves, each thinned to at most `maxPoints` for plotting. */
export function evaluationCurves(files: readonly ScoredFile[], generalNegativeHours: number, maxPoints = 300, streams?: SplitStreams): EvaluationCurves {
  const examples = examplesOf(files);
  const data = { scores: examples.scores, labels: labelsOf(examples.kinds) };
  const { positive, general } = byKind(examples);
  return {
    roc: thinCurve(rocCurve(data), maxPoints),
    det: thinCurve(detCurve(data), maxPoints),
    frrVsFah: streams ? streamingFahCurve(positive, streams, maxPoints) : thinCurve(frrVsFahCurve(positive, general, generalNegativeHours), maxPoints),
  };
}

export type Outcome = 'tp' | 'fp' | 'tn' | 'fn';

/** A file is accepted when any of its windows is; a long negative with one accepted window is a false positive. */
export function fileOutcome(file: ScoredFile, threshold: number): Outcome {
  const accepted = maxScore(file) >= threshold;
  if (file.label === 1) return accepted ? 'tp' : 'fn';
  return accepted ? 'fp' : 'tn';
}

export function maxScore(file: ScoredFile): number {
  return file.scores.reduce((best, score) => Math.max(best, score), Number.NEGATIVE_INFINITY);
}
