/**
 * Evaluation figures from per-file scores, using the one metrics definition (../metrics). Pure, so the
 * panel recomputes everything at a new operating point without scoring the audio again.
 */
import type { SplitCategory, SplitName } from '../dataset/categories';
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
  /** One score per clip-length window: one for a clip, several for a long general negative recording. */
  readonly scores: readonly number[];
}

export interface SplitScores {
  readonly split: SplitName;
  readonly files: readonly ScoredFile[];
  /** Hours of general negative audio (negative/) behind FAH. */
  readonly generalNegativeHours: number;
  /** Files that could not be decoded, with the reason. */
  readonly warnings: readonly string[];
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

export function evaluationMetrics(files: readonly ScoredFile[], generalNegativeHours: number, threshold: number): EvaluationMetrics {
  const examples = examplesOf(files);
  const data = { scores: examples.scores, labels: labelsOf(examples.kinds) };
  const confusion = confusionAt(data, threshold);
  const rates = ratesOf(confusion);
  const { eer, threshold: eerThreshold } = equalErrorRate(data);
  const { general, hard } = byKind(examples);
  const falseAccepts = general.filter((score) => score >= threshold).length;
  return {
    threshold,
    ...confusion,
    ...rates,
    falseAccepts,
    fah: falseAcceptsPerHour(falseAccepts, generalNegativeHours),
    generalNegativeHours,
    hardNegativeFpr: hard.length === 0 ? null : hard.filter((score) => score >= threshold).length / hard.length,
    eer,
    eerThreshold,
    auc: rocAuc(data),
    positives: confusion.tp + confusion.fn,
    negatives: confusion.fp + confusion.tn,
  };
}

/** The loosest threshold keeping FAH on this split's general negatives at or under the target. */
export function thresholdForFiles(files: readonly ScoredFile[], generalNegativeHours: number, targetFah: number): OperatingPoint {
  const { positive, general } = byKind(examplesOf(files));
  return thresholdForTargetFah(positive, general, generalNegativeHours, targetFah);
}

export interface EvaluationCurves {
  readonly roc: readonly RocPoint[];
  readonly det: readonly DetPoint[];
  readonly frrVsFah: readonly FahPoint[];
}

/** ROC, DET and FRR-vs-FAH curves, each thinned to at most `maxPoints` for plotting. */
export function evaluationCurves(files: readonly ScoredFile[], generalNegativeHours: number, maxPoints = 300): EvaluationCurves {
  const examples = examplesOf(files);
  const data = { scores: examples.scores, labels: labelsOf(examples.kinds) };
  const { positive, general } = byKind(examples);
  return {
    roc: thinCurve(rocCurve(data), maxPoints),
    det: thinCurve(detCurve(data), maxPoints),
    frrVsFah: thinCurve(frrVsFahCurve(positive, general, generalNegativeHours), maxPoints),
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
