/**
 * False accepts of the streaming detector (streaming-detector.ts: moving-average smoothing, one detection per
 * stretch at or above the threshold, refractory period) over streams of per-step scores, and the threshold
 * that keeps them at or under a target FA/h. Detection counts are not monotone in the threshold (lowering it
 * can merge two stretches into one), so the chosen threshold is the loosest one below which no stricter
 * threshold exceeds the target: raising it never makes things worse than promised. When the hours are too
 * few to count down to the target (no false accept in 0.45 h cannot tell 0.5 FA/h from 5), the threshold is
 * raised to where an exponential tail fitted to the highest-scoring false accepts reaches the target.
 */
import { fahEstimate, type FahEstimate, hoursToSupport } from '../fah';
import { nextUp } from '../metrics';
import type { DetectorOptions } from './streaming-detector';
import { checkDetectorOptions } from './streaming-detector';

/** Everything the detector needs except the threshold. */
export type StreamDetectorSettings = Omit<DetectorOptions, 'threshold'>;

/** The detector's moving average: the mean of the last `smoothing` scores (fewer at the start of a stream). */
export function smoothScores(scores: ArrayLike<number>, smoothing: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i += 1) {
    const first = Math.max(0, i - smoothing + 1);
    // Summed oldest first, as StreamingDetector does, so the values agree to the last bit.
    let sum = 0;
    for (let k = first; k <= i; k += 1) sum += scores[k] ?? 0;
    out[i] = sum / (i - first + 1);
  }
  return out;
}

/** Hours of audio a stream of `steps` scores covers. */
export function streamHours(steps: number, settings: Pick<StreamDetectorSettings, 'hopSamples' | 'sampleRate'>): number {
  return (steps * settings.hopSamples) / settings.sampleRate / 3600;
}

export interface TargetThreshold {
  readonly threshold: number;
  /** The false accepts counted at `threshold` over the streams, and the hours they rest on. */
  readonly estimate: FahEstimate;
  /** Present when the hours were too few to count down to the target and the threshold was raised by tail extrapolation. */
  readonly tail?: TailFit;
}

/**
 * An exponential fit to the tail of the false accepts' scores in logit space: the rate of detections at or
 * above logit z is (events / hours) * exp(-(z - base) / scale). Peaks-over-threshold with Hill's estimator.
 */
export interface TailFit {
  /** Detections the fit rests on (the highest-scoring ones). */
  readonly events: number;
  /** Logit of the lowest of them: where the fitted rate is events / hours. */
  readonly base: number;
  /** Mean excess of the others over `base`, in logits: each `scale` further divides the rate by e. */
  readonly scale: number;
  /** The FA/h the fit predicts at the threshold it chose (the target). */
  readonly fah: number;
}

/**
 * Said wherever a threshold came from the tail fit (training, `wakeword eval`, the Evaluation panel): the
 * threshold is an extrapolation from the highest-scoring false accepts, not a count.
 */
export function tailThresholdNote(tail: Pick<TailFit, 'events'>, targetFah: number): string {
  return `Until then the threshold is set where the scores of the ${String(tail.events)} highest-scoring false accepts, extrapolated, reach ${String(targetFah)} FA/h: an estimate, not a count.`;
}

/** Tail fits use the highest this many detections: enough for a stable scale, few enough to stay in the tail. */
export const TAIL_EVENTS = 20;
/** Below this many detections no tail is fitted and the threshold stays the count-based one. */
export const MIN_TAIL_EVENTS = 5;
/** Scores are clamped this far from 0 and 1 before taking logits, so saturated scores stay finite. */
const LOGIT_EPSILON = 1e-7;

export function logit(p: number): number {
  const q = Math.min(1 - LOGIT_EPSILON, Math.max(LOGIT_EPSILON, p));
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Streams of per-step scores prepared once (smoothing and step times do not depend on the threshold), then
 * counted at any threshold in time linear in the steps at or above it.
 */
export class NegativeStreams {
  readonly hours: number;
  readonly steps: number;
  private readonly smoothed: Float64Array;
  private readonly times: Float64Array;
  private readonly streamOf: Int32Array;
  private readonly maxRunSeconds: number;
  private readonly refractorySeconds: number;
  private byScore: Int32Array | null = null;

  constructor(
    streams: readonly ArrayLike<number>[],
    readonly settings: StreamDetectorSettings,
  ) {
    checkDetectorOptions({ ...settings, threshold: 0.5 });
    this.steps = streams.reduce((n, s) => n + s.length, 0);
    this.hours = streamHours(this.steps, settings);
    this.smoothed = new Float64Array(this.steps);
    this.times = new Float64Array(this.steps);
    this.streamOf = new Int32Array(this.steps);
    const { smoothing, hopSamples, sampleRate, windowSamples, firstWindowStartSamples = 0, eventOffsetSamples = windowSamples / 2 } = settings;
    let at = 0;
    streams.forEach((scores, s) => {
      this.smoothed.set(smoothScores(scores, smoothing), at);
      for (let i = 0; i < scores.length; i += 1) {
        const averaged = Math.min(i + 1, smoothing);
        // As StreamingDetector.eventTime: the centre of the averaged steps.
        this.times[at + i] = (firstWindowStartSamples + (i - (averaged - 1) / 2) * hopSamples + eventOffsetSamples) / sampleRate;
        this.streamOf[at + i] = s;
      }
      at += scores.length;
    });
    this.maxRunSeconds = Math.max(settings.refractorySeconds, windowSamples / sampleRate);
    this.refractorySeconds = settings.refractorySeconds;
  }

  /** Detections at `threshold` over every stream (each stream starts a fresh detector). */
  falseAccepts(threshold: number): number {
    const above: number[] = [];
    for (let i = 0; i < this.steps; i += 1) if ((this.smoothed[i] as number) >= threshold) above.push(i);
    return this.countOver(above);
  }

  estimate(threshold: number): FahEstimate {
    return fahEstimate(this.falseAccepts(threshold), this.hours);
  }

  /**
   * The threshold for `targetFah`: the counted one (countedThreshold) when the hours can support the target
   * (fahVerdict's rule, about 3 / target hours), otherwise the stricter of it and the tail extrapolation
   * (tailThreshold). The estimate is always the count at the threshold returned.
   */
  thresholdForTarget(targetFah: number, firstLook?: number): TargetThreshold {
    const counted = this.countedThreshold(targetFah, firstLook);
    // Too few hours to count down to the target: the count-based threshold sits just above the highest score
    // heard, which longer audio exceeds at a rate set by chance. Extrapolate the tail instead (never lower).
    if (this.steps === 0 || !(targetFah > 0) || this.hours >= hoursToSupport(targetFah)) return counted;
    const tail = this.tailThreshold(targetFah);
    if (!tail || tail.threshold <= counted.threshold) return counted;
    return { threshold: tail.threshold, estimate: fahEstimate(this.falseAccepts(tail.threshold), this.hours), tail: tail.fit };
  }

  /**
   * Peaks over threshold: the detector runs at the base threshold u that gives about TAIL_EVENTS detections,
   * and the excesses of their peak scores over u (in logits) are taken as exponential, whose scale is their
   * mean (the maximum-likelihood fit). The threshold returned is where that tail predicts `targetFah`; null
   * with fewer than MIN_TAIL_EVENTS detections at any base or no spread among them.
   */
  tailThreshold(targetFah: number): { threshold: number; fit: TailFit } | null {
    if (this.steps === 0 || !(targetFah > 0) || !(this.hours > 0)) return null;
    const byScore = this.highestSteps(this.steps);
    // Detections grow (not quite monotonically) as the base goes down the sorted scores: bisect for TAIL_EVENTS.
    let low = 0;
    let high = byScore.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.detectionPeaks(this.smoothed[byScore[mid] as number] as number).length >= TAIL_EVENTS) high = mid;
      else low = mid + 1;
    }
    const u = this.smoothed[byScore[low] as number] as number;
    const base = logit(u);
    // Excesses strictly above the base (Hill's estimator: k excesses over the (k+1)-th highest score).
    const excesses = this.detectionPeaks(u).map((peak) => logit(peak) - base).filter((excess) => excess > 0);
    if (excesses.length < MIN_TAIL_EVENTS) return null;
    const scale = excesses.reduce((sum, excess) => sum + excess, 0) / excesses.length;
    const rateAtBase = excesses.length / this.hours;
    const threshold = Math.min(1 - LOGIT_EPSILON, sigmoid(base + scale * Math.log(Math.max(1, rateAtBase / targetFah))));
    return { threshold, fit: { events: excesses.length, base, scale, fah: rateAtBase * Math.exp(-(logit(threshold) - base) / scale) } };
  }

  /** The peak smoothed score of each detection at `threshold`. */
  detectionPeaks(threshold: number): number[] {
    const above: number[] = [];
    for (let i = 0; i < this.steps; i += 1) if ((this.smoothed[i] as number) >= threshold) above.push(i);
    const peaks: number[] = [];
    this.countOver(above, peaks);
    return peaks;
  }

  /**
   * The loosest threshold such that no threshold at or above it gives more false accepts than `targetFah`
   * allows over these hours, by counting alone. Candidates are the distinct smoothed scores, strictest first;
   * the walk stops at the first one over the limit, and the answer sits just above it. Each candidate is
   * counted over the steps at or above it only, and the walk ends within a few refractory periods' worth of
   * steps per allowed false accept, so the cost stays small even on many hours of audio. Without any negatives
   * it returns 0.5. `firstLook`: how many of the highest steps the walk starts with (the rest sorted only if needed).
   */
  countedThreshold(targetFah: number, firstLook?: number): TargetThreshold {
    if (this.steps === 0) return { threshold: 0.5, estimate: fahEstimate(0, 0) };
    const allowed = Math.floor(targetFah * this.hours + 1e-9);
    // The walk rarely goes deep: try the highest few thousand steps first, all of them only if it must.
    const found = this.walk(this.highestSteps(firstLook ?? Math.max(4096, 64 * (allowed + 1))), allowed) ?? this.walk(this.highestSteps(this.steps), allowed);
    if (found) return found;
    // Even accepting every step stays within the target.
    let lowest = 0;
    for (const value of this.smoothed) lowest = Math.min(lowest, value);
    return { threshold: lowest, estimate: fahEstimate(this.falseAccepts(lowest), this.hours) };
  }

  /** The strictest-first walk over `order`; null when it ends without exceeding `allowed`. */
  private walk(order: Int32Array, allowed: number): TargetThreshold | null {
    const above: number[] = [];
    let accepted = 0;
    for (let k = 0; k < order.length; ) {
      const value = this.smoothed[order[k] as number] as number;
      while (k < order.length && this.smoothed[order[k] as number] === value) insertSorted(above, order[k++] as number);
      const count = this.countOver(above);
      if (count > allowed) return { threshold: nextUp(value), estimate: fahEstimate(accepted, this.hours) };
      accepted = count;
    }
    return null;
  }

  /** Steps with the `count` highest smoothed scores (all steps tied with the lowest of them too), highest first. */
  private highestSteps(count: number): Int32Array {
    if (count >= this.steps && this.byScore) return this.byScore;
    const smoothed = this.smoothed;
    // A native numeric sort of the values finds the cut-off cheaply; only the steps above it are ordered.
    const cutoff = count >= this.steps ? Number.NEGATIVE_INFINITY : (Float64Array.from(smoothed).sort()[this.steps - count] as number);
    const chosen: number[] = [];
    for (let i = 0; i < this.steps; i += 1) if ((smoothed[i] as number) >= cutoff) chosen.push(i);
    const order = Int32Array.from(chosen).sort((a, b) => (smoothed[b] as number) - (smoothed[a] as number));
    if (count >= this.steps) this.byScore = order;
    return order;
  }

  /** StreamingDetector's state machine over the steps at or above the threshold (ascending), all others below it. */
  private countOver(above: readonly number[], peaks?: number[]): number {
    let count = 0;
    let open = false;
    let onset = 0;
    let peakTime = 0;
    let peakScore = 0;
    let lastDetection = Number.NEGATIVE_INFINITY;
    let previous = -2;
    let previousStream = -1;
    const close = (): void => {
      count += 1;
      peaks?.push(peakScore);
      open = false;
      lastDetection = peakTime;
    };
    for (const step of above) {
      const stream = this.streamOf[step] as number;
      if (stream !== previousStream) {
        if (open) close();
        lastDetection = Number.NEGATIVE_INFINITY;
      } else if (step !== previous + 1 && open) {
        // A step below the threshold lay between: the stretch ended there.
        close();
      }
      const time = this.times[step] as number;
      const score = this.smoothed[step] as number;
      if (open) {
        if (score > peakScore) {
          peakScore = score;
          peakTime = time;
        }
        if (time - onset >= this.maxRunSeconds) close();
      } else if (time >= lastDetection + this.refractorySeconds) {
        open = true;
        onset = time;
        peakTime = time;
        peakScore = score;
      }
      previous = step;
      previousStream = stream;
    }
    if (open) close();
    return count;
  }
}

function insertSorted(list: number[], value: number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, value);
}

/** A clip's score in its stream: the highest smoothed score over the steps covering it (detected iff it reaches the threshold). */
export function clipStreamScore(scores: ArrayLike<number>, smoothing: number, firstStep: number, lastStep: number): number {
  const smoothed = smoothScores(scores, smoothing);
  let best = Number.NEGATIVE_INFINITY;
  for (let i = Math.max(0, firstStep); i <= Math.min(smoothed.length - 1, lastStep); i += 1) best = Math.max(best, smoothed[i] as number);
  return Number.isFinite(best) ? best : 0;
}

/** Share of clip scores at or above the threshold (recall for positives, FPR for hard negatives); null without clips. */
export function acceptedShare(scores: ArrayLike<number>, threshold: number): number | null {
  if (scores.length === 0) return null;
  let accepted = 0;
  for (let i = 0; i < scores.length; i += 1) if ((scores[i] ?? 0) >= threshold) accepted += 1;
  return accepted / scores.length;
}
