/**
 * Pure helpers of bench/quality.bench.ts (tested in tests/quality-bench-helpers.test.ts): Poisson bounds for
 * false-accept counts, matching detections to spoken phrases, the held-out voice check, and the threshold
 * sweep behind the diagnostic "what threshold would the held-out streams have needed".
 */
import { createHash } from 'node:crypto';
import { detectInScores, type DetectorOptions } from '../src/shared/core/detection/streaming-detector';
import { poissonLowerBound, poissonUpperBound } from '../src/shared/core/fah';

// The product's own exact Poisson bounds (src/shared/core/fah.ts), so the bench and the app agree on them.
export { poissonCdf, poissonLowerBound, poissonUpperBound } from '../src/shared/core/fah';

/** False accepts per hour with both one-sided 95 % bounds. */
export interface FahFigure {
  readonly falseAccepts: number;
  readonly hours: number;
  readonly fah: number;
  readonly lower95: number;
  readonly upper95: number;
}

export function fahFigure(falseAccepts: number, hours: number): FahFigure {
  if (!(hours > 0)) throw new RangeError(`hours must be positive (got ${String(hours)})`);
  return { falseAccepts, hours, fah: falseAccepts / hours, lower95: poissonLowerBound(falseAccepts) / hours, upper95: poissonUpperBound(falseAccepts) / hours };
}

/** A spoken wake phrase in a stream, in seconds. */
export interface PhraseSpan {
  readonly start: number;
  readonly end: number;
}

/** How far before a phrase starts and after it ends a detection still counts as that phrase's. */
export interface HitTolerance {
  readonly before: number;
  readonly after: number;
}

export interface HitMatch {
  /** One per phrase, in the order given: true when at least one detection fell in its window. */
  readonly hits: readonly boolean[];
  /** Detection times outside every phrase window: false accepts. */
  readonly falseAcceptTimes: readonly number[];
  /** Per hit phrase, seconds from its end to the first detection in its window (negative: before the end). */
  readonly latencies: readonly number[];
}

/**
 * Matches detections to phrases: a phrase is hit when a detection lies in [start - before, end + after]; extra
 * detections in the same window are neither hits nor false accepts (the refractory period normally stops
 * them), and every detection outside all windows is a false accept.
 */
export function matchDetections(phrases: readonly PhraseSpan[], detectionTimes: readonly number[], tolerance: HitTolerance): HitMatch {
  if (!(tolerance.before >= 0 && tolerance.after >= 0)) throw new RangeError('hit tolerance must be zero or more seconds on each side');
  const hits = phrases.map(() => false);
  const latencies: number[] = [];
  const falseAcceptTimes: number[] = [];
  for (const time of [...detectionTimes].sort((a, b) => a - b)) {
    const index = phrases.findIndex((p) => time >= p.start - tolerance.before && time <= p.end + tolerance.after);
    if (index < 0) {
      falseAcceptTimes.push(time);
      continue;
    }
    if (!hits[index]) {
      hits[index] = true;
      latencies.push(time - (phrases[index] as PhraseSpan).end);
    }
  }
  return { hits, falseAcceptTimes, latencies };
}

/** A stretch of speech in a stream and its text. */
export interface SpokenSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * What each false accept fired on: the utterance whose span (plus `after` seconds, as the detector reports
 * just after the sound) holds the detection time, else "(pause)".
 */
export function falseAcceptContexts(spoken: readonly SpokenSpan[], detections: readonly { readonly time: number; readonly score: number }[], after: number): { time: number; score: number; text: string }[] {
  return detections.map((d) => ({ time: d.time, score: d.score, text: spoken.find((u) => d.time >= u.start && d.time <= u.end + after)?.text ?? '(pause)' }));
}

/** Held-out voice ids (`engine:voice`) that the product's espeak-ng training grid (accent x variant) contains. */
export function heldOutInTrainingGrid(heldOut: readonly string[], accents: readonly string[], variants: readonly string[]): string[] {
  const grid = new Set(accents.flatMap((accent) => variants.map((variant) => `espeak-ng:${accent}+${variant}`.toLowerCase())));
  return heldOut.filter((id) => grid.has(id.toLowerCase()));
}

/** The product's predicted FA/h (validation) against the held-out streams, both ways. */
export interface FahAgreement {
  /** Held-out FA/h <= the product's own 95 % upper bound: the claim a user relies on held. */
  readonly heldOutWithinPredictedBound: boolean;
  /** The predicted FA/h <= the held-out 95 % upper bound: the prediction is not more pessimistic than the held-out data allow. */
  readonly predictedWithinHeldOutBound: boolean;
  /** The predicted FA/h lies within the held-out two-sided 90 % interval (both one-sided 95 % bounds). */
  readonly predictedWithinHeldOutInterval: boolean;
}

export function fahAgreement(predicted: { readonly fah: number; readonly upper95: number }, heldOut: FahFigure): FahAgreement {
  return {
    heldOutWithinPredictedBound: heldOut.fah <= predicted.upper95,
    predictedWithinHeldOutBound: predicted.fah <= heldOut.upper95,
    predictedWithinHeldOutInterval: predicted.fah >= heldOut.lower95 && predicted.fah <= heldOut.upper95,
  };
}

/** A scored held-out stream for the sweep: raw step scores plus its phrases (none for negative streams). */
export interface ScoredStream {
  readonly scores: ArrayLike<number>;
  readonly phrases: readonly PhraseSpan[];
  /** Seconds of the stream that count towards FA/h (0 for positive streams: their FAs are reported apart). */
  readonly negativeSeconds: number;
}

export interface SweepPoint {
  readonly threshold: number;
  readonly hits: number;
  readonly phrases: number;
  readonly frr: number;
  readonly falseAccepts: number;
  readonly fah: number;
}

/** Detection over every stream at one threshold: phrase hits and false accepts in the negative streams. */
export function evaluateAt(streams: readonly ScoredStream[], detector: Omit<DetectorOptions, 'threshold'>, threshold: number, tolerance: HitTolerance): SweepPoint {
  let hits = 0;
  let phrases = 0;
  let falseAccepts = 0;
  let negativeSeconds = 0;
  for (const stream of streams) {
    const trace = detectInScores(stream.scores, { ...detector, threshold });
    const times = trace.detections.map((d) => d.time);
    if (stream.phrases.length > 0) {
      const match = matchDetections(stream.phrases, times, tolerance);
      hits += match.hits.filter(Boolean).length;
      phrases += stream.phrases.length;
    }
    if (stream.negativeSeconds > 0) {
      falseAccepts += times.length;
      negativeSeconds += stream.negativeSeconds;
    }
  }
  return { threshold, hits, phrases, frr: phrases > 0 ? 1 - hits / phrases : Number.NaN, falseAccepts, fah: negativeSeconds > 0 ? falseAccepts / (negativeSeconds / 3600) : Number.NaN };
}

/**
 * The lowest threshold on a 0.005 grid (lowest = fewest misses) such that it and every grid threshold above it
 * keep the held-out FA/h at most `targetFah`, with its figures; null when even 0.995 is above the target.
 * Walking down from the top and stopping at the first failure keeps a noisy low region from being picked.
 */
export function thresholdForHeldOutFah(streams: readonly ScoredStream[], detector: Omit<DetectorOptions, 'threshold'>, targetFah: number, tolerance: HitTolerance): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (let step = 199; step >= 1; step--) {
    const point = evaluateAt(streams, detector, step / 200, tolerance);
    if (!(point.fah <= targetFah)) break;
    best = point;
  }
  return best;
}

/** A short, stable key for a JSON-able recipe (object keys sorted), naming its cache folder. */
export function recipeKey(recipe: unknown): string {
  const stable = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(stable);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, stable((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(stable(recipe))).digest('hex').slice(0, 16);
}

/** synth's JSON output with every key naming exclusions dropped, as text (non-JSON lines as they are). */
export function withoutExclusions(output: string): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => !/exclu/i.test(key)).map(([key, v]) => [key, strip(v)]));
    return value;
  };
  return output
    .split('\n')
    .map((line) => {
      try {
        return JSON.stringify(strip(JSON.parse(line)));
      } catch {
        return line;
      }
    })
    .join('\n');
}

/** "met" / "NOT met" for the output table. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
