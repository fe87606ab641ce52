/**
 * Detection metrics, by the field's conventions, defined once for training, evaluation and export.
 * Scores are the model's probability that a clip holds the wake word; a clip is accepted when
 * score >= threshold. FAH (false accepts per hour) counts accepts on general negative audio only
 * (openWakeWord / microWakeWord / Picovoice convention); hard negatives are reported separately as an FPR.
 */

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface Rates {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly fpr: number;
  /** False rejection rate = missed positives / positives (= FNR). */
  readonly frr: number;
}

export interface LabelledScores {
  readonly scores: ArrayLike<number>;
  /** 1 = wake word, 0 = anything else. */
  readonly labels: ArrayLike<number>;
}

export function confusionAt({ scores, labels }: LabelledScores, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const accepted = (scores[i] ?? 0) >= threshold;
    if (labels[i] === 1) {
      if (accepted) tp++;
      else fn++;
    } else if (accepted) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

export function ratesOf(c: Confusion): Rates {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    fpr: ratio(c.fp, c.fp + c.tn),
    frr: ratio(c.fn, c.tp + c.fn),
  };
}

/** False accepts per hour of negative audio. Zero hours gives NaN: there is nothing to measure it on. */
export function falseAcceptsPerHour(falseAccepts: number, negativeHours: number): number {
  return negativeHours > 0 ? falseAccepts / negativeHours : Number.NaN;
}

export interface RocPoint {
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

/** ROC points from the strictest threshold to the loosest; tied scores move together. */
export function rocCurve({ scores, labels }: LabelledScores): readonly RocPoint[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const score = scores[order[k] ?? 0] ?? 0;
    while (k < order.length && (scores[order[k] ?? 0] ?? 0) === score) {
      if (labels[order[k] ?? 0] === 1) tp++;
      else fp++;
      k++;
    }
    points.push({ threshold: score, fpr: ratio(fp, negatives), tpr: ratio(tp, positives) });
  }
  return points;
}

/** Area under the ROC curve by the trapezoid rule (ties count half, as in the Mann–Whitney statistic). */
export function rocAuc(data: LabelledScores): number {
  const points = rocCurve(data);
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as RocPoint;
    const b = points[i] as RocPoint;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

export interface EqualErrorRate {
  readonly eer: number;
  readonly threshold: number;
}

/**
 * The rate where false accepts (FPR) equal false rejects (FRR), linearly interpolated between the two ROC
 * points that bracket the crossing; the threshold is the one at the closer point.
 */
export function equalErrorRate(data: LabelledScores): EqualErrorRate {
  const points = rocCurve(data);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as RocPoint;
    const b = points[i] as RocPoint;
    const da = a.fpr - (1 - a.tpr);
    const db = b.fpr - (1 - b.tpr);
    if (da <= 0 && db >= 0) {
      const t = da === db ? 0 : -da / (db - da);
      const eer = a.fpr + t * (b.fpr - a.fpr);
      const threshold = t < 0.5 ? a.threshold : b.threshold;
      return { eer, threshold: Number.isFinite(threshold) ? threshold : b.threshold };
    }
  }
  return { eer: 1, threshold: 0.5 };
}

export interface OperatingPoint {
  readonly threshold: number;
  readonly falseAccepts: number;
  readonly fah: number;
  readonly recall: number;
  readonly frr: number;
}

/**
 * The loosest threshold whose false accepts per hour on general negatives stay at or under the target,
 * i.e. the best recall the target allows. Thresholds sit just above a negative score so ties are rejected.
 */
export function thresholdForTargetFah(
  positiveScores: ArrayLike<number>,
  negativeScores: ArrayLike<number>,
  negativeHours: number,
  targetFah: number,
): OperatingPoint {
  const negatives = Float64Array.from(negativeScores).sort().reverse();
  const allowed = negativeHours > 0 ? Math.floor(targetFah * negativeHours + 1e-9) : 0;
  // Accepting everything above the (allowed+1)-th highest negative keeps exactly `allowed` false accepts.
  const boundary = negatives[allowed];
  const threshold = boundary === undefined ? 0 : nextUp(boundary);
  let falseAccepts = 0;
  for (const score of negatives) if (score >= threshold) falseAccepts++;
  let accepted = 0;
  for (let i = 0; i < positiveScores.length; i++) if ((positiveScores[i] ?? 0) >= threshold) accepted++;
  const recall = ratio(accepted, positiveScores.length);
  return { threshold, falseAccepts, fah: falseAcceptsPerHour(falseAccepts, negativeHours), recall, frr: positiveScores.length === 0 ? 0 : 1 - recall };
}

/** The smallest double above x: a threshold that rejects a score equal to x. */
export function nextUp(x: number): number {
  if (x >= 1) return 1 + Number.EPSILON;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  const current = bits[0] ?? 0n;
  bits[0] = x >= 0 ? current + 1n : current - 1n;
  if (x === 0) return Number.MIN_VALUE;
  return buffer[0] ?? x;
}

export type ClipKind = 'positive' | 'negative' | 'hard_negative' | 'background';

export interface ValidationSummary {
  readonly accuracy: number;
  readonly fpr: number;
  readonly fnr: number;
  readonly f1: number;
  readonly eer: number;
  readonly eerThreshold: number;
  /** At the 0.5 threshold, on general negatives only. */
  readonly fah: number;
  readonly recallAtTarget: number;
  readonly thresholdAtTarget: number;
  readonly fahAtTarget: number;
  /** General-negative windows accepted at 0.5 and at the target threshold. */
  readonly falseAccepts: number;
  readonly falseAcceptsAtTarget: number;
  /** FPR on confusable phrases at the target threshold; null without hard negatives. */
  readonly hardNegativeFpr: number | null;
}

/**
 * One epoch's validation figures from per-clip scores. Accuracy/FPR/FNR/F1 use every clip at 0.5;
 * FAH and the operating point use general negatives (negative/, background/) over their hours of audio.
 */
export function validationSummary(
  scores: ArrayLike<number>,
  kinds: readonly ClipKind[],
  generalNegativeHours: number,
  targetFah: number,
): ValidationSummary {
  const labels = kinds.map((kind) => (kind === 'positive' ? 1 : 0));
  const rates = ratesOf(confusionAt({ scores, labels }, 0.5));
  const { eer, threshold: eerThreshold } = equalErrorRate({ scores, labels });
  const positives: number[] = [];
  const general: number[] = [];
  const hard: number[] = [];
  kinds.forEach((kind, i) => {
    const score = scores[i] ?? 0;
    if (kind === 'positive') positives.push(score);
    else if (kind === 'hard_negative') hard.push(score);
    else general.push(score);
  });
  const point = thresholdForTargetFah(positives, general, generalNegativeHours, targetFah);
  const generalAccepts = general.filter((score) => score >= 0.5).length;
  return {
    accuracy: rates.accuracy,
    fpr: rates.fpr,
    fnr: rates.frr,
    f1: rates.f1,
    eer,
    eerThreshold,
    fah: falseAcceptsPerHour(generalAccepts, generalNegativeHours),
    recallAtTarget: point.recall,
    thresholdAtTarget: point.threshold,
    fahAtTarget: point.fah,
    falseAccepts: generalAccepts,
    falseAcceptsAtTarget: point.falseAccepts,
    hardNegativeFpr: hard.length === 0 ? null : hard.filter((score) => score >= point.threshold).length / hard.length,
  };
}

export interface DetPoint {
  readonly threshold: number;
  readonly fpr: number;
  /** False rejection rate = 1 - TPR. */
  readonly frr: number;
}

/** Detection-error trade-off points (FPR against FRR), strictest threshold first. */
export function detCurve(data: LabelledScores): readonly DetPoint[] {
  return rocCurve(data).map(({ threshold, fpr, tpr }) => ({ threshold, fpr, frr: 1 - tpr }));
}

export interface FahPoint {
  readonly threshold: number;
  readonly falseAccepts: number;
  readonly fah: number;
  readonly frr: number;
}

/**
 * FRR against false accepts per hour as the threshold sweeps every distinct score, strictest first.
 * Only general negatives count towards FAH (see the file comment); tied scores move together.
 */
export function frrVsFahCurve(positiveScores: ArrayLike<number>, generalNegativeScores: ArrayLike<number>, negativeHours: number): readonly FahPoint[] {
  const positives = Float64Array.from(positiveScores).sort().reverse();
  const negatives = Float64Array.from(generalNegativeScores).sort().reverse();
  const points: FahPoint[] = [{ threshold: Number.POSITIVE_INFINITY, falseAccepts: 0, fah: falseAcceptsPerHour(0, negativeHours), frr: positives.length === 0 ? 0 : 1 }];
  let p = 0;
  let n = 0;
  while (p < positives.length || n < negatives.length) {
    const threshold = Math.max(positives[p] ?? Number.NEGATIVE_INFINITY, negatives[n] ?? Number.NEGATIVE_INFINITY);
    while (p < positives.length && positives[p] === threshold) p++;
    while (n < negatives.length && negatives[n] === threshold) n++;
    points.push({ threshold, falseAccepts: n, fah: falseAcceptsPerHour(n, negativeHours), frr: positives.length === 0 ? 0 : 1 - p / positives.length });
  }
  return points;
}

/** At most `maxPoints` points of a curve for plotting, evenly spread by index, keeping both ends. */
export function thinCurve<T>(points: readonly T[], maxPoints: number): readonly T[] {
  if (points.length <= maxPoints || maxPoints < 2) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) out.push(points[Math.round(i * step)] as T);
  return out;
}
