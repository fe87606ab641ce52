/**
 * False accepts per hour as the field reports them: a count of streaming detections over hours of continuous
 * general negative audio, with the exact one-sided Poisson upper bound, and a plain verdict when the hours
 * are too few to support a target (no false accepts in 0.007 h says nothing about 0.5 FA/h). One definition
 * for training, evaluation, export, the CLI and the panels.
 */

export interface FahEstimate {
  readonly falseAccepts: number;
  /** Hours of general negative audio the count rests on. */
  readonly hours: number;
  /** falseAccepts / hours; NaN without any hours. */
  readonly fah: number;
  /** One-sided 95 % upper bound on the true rate (exact Poisson); NaN without any hours. */
  readonly upper95: number;
}

/** ln P(X <= k) for X ~ Poisson(lambda), summed in log space so large counts and rates do not underflow. */
function logPoissonCdf(k: number, lambda: number): number {
  if (lambda <= 0) return 0;
  let logTerm = -lambda;
  let logSum = logTerm;
  for (let i = 1; i <= k; i += 1) {
    logTerm += Math.log(lambda) - Math.log(i);
    const high = Math.max(logSum, logTerm);
    logSum = high + Math.log(Math.exp(logSum - high) + Math.exp(logTerm - high));
  }
  return logSum;
}

/** P(X <= k) for X ~ Poisson(mean). */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  return Math.min(1, Math.exp(logPoissonCdf(k, mean)));
}

function checkCount(count: number, confidence: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`event count must be a whole number, 0 or more (got ${String(count)})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie strictly between 0 and 1 (got ${String(confidence)})`);
}

/** The Poisson mean at which P(X <= k) equals `probability` (the CDF falls monotonically as the mean grows): bisection to double precision. */
function meanWhereCdfIs(k: number, probability: number): number {
  const target = Math.log(probability);
  let low = 0;
  let high = k + 4 + 4 * Math.sqrt(k + 1);
  while (logPoissonCdf(k, high) > target) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i += 1) {
    const mid = (low + high) / 2;
    if (logPoissonCdf(k, mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The exact one-sided upper confidence bound on a Poisson mean after observing `count` events: the rate
 * at which seeing `count` or fewer has probability 1 - confidence (= chi-square(2(count + 1)) / 2).
 * 0 events give 2.996 at 95 %, 1 gives 4.744, 5 give 10.513.
 */
export function poissonUpperBound(count: number, confidence = 0.95): number {
  checkCount(count, confidence);
  return meanWhereCdfIs(count, 1 - confidence);
}

/** The exact one-sided lower bound: the rate at which seeing `count` or more has probability 1 - confidence; 0 for no events. */
export function poissonLowerBound(count: number, confidence = 0.95): number {
  checkCount(count, confidence);
  return count === 0 ? 0 : meanWhereCdfIs(count - 1, confidence);
}

export function fahEstimate(falseAccepts: number, hours: number): FahEstimate {
  if (!(hours > 0)) return { falseAccepts, hours: Math.max(0, hours || 0), fah: Number.NaN, upper95: Number.NaN };
  return { falseAccepts, hours, fah: falseAccepts / hours, upper95: poissonUpperBound(falseAccepts) / hours };
}

/** Hours of negative audio without a single false accept needed before the 95 % bound reaches the target (about 3 / target). */
export function hoursToSupport(targetFah: number): number {
  if (!(targetFah > 0)) throw new RangeError(`target FA/h must be positive (got ${String(targetFah)})`);
  return poissonUpperBound(0) / targetFah;
}

/** Where to get more negative audio, for every surface that warns. */
export const MORE_NEGATIVES_HINT =
  'add general negative speech: generate it (`wakeword synth --negative-hours N`, or "Generate negative speech" in the Dataset panel) or drop long recordings (podcasts, radio, TV, meetings) into data/raw/negative/';

export interface FahVerdict {
  /** True when the hours could show the target is met (at least hoursToSupport(target)). */
  readonly supported: boolean;
  readonly hoursNeeded: number;
  /** A plain warning when not supported, null otherwise. */
  readonly warning: string | null;
}

/** Whether `hours` of negatives can support `targetFah`; `what` names the figure ("validation FA/h"). */
export function fahVerdict(hours: number, targetFah: number, what = 'The validation FA/h'): FahVerdict {
  const hoursNeeded = hoursToSupport(targetFah);
  if (hours >= hoursNeeded) return { supported: true, hoursNeeded, warning: null };
  const resting = hours > 0 ? `rests on only ${formatHours(hours)} of negative audio` : 'rests on no general negative audio at all';
  const oneAccept = hours > 0 ? ` (one false accept there is ${formatRate(1 / hours)} FA/h)` : '';
  return {
    supported: false,
    hoursNeeded,
    warning: `${what} ${resting}${oneAccept}: it cannot show that ${String(targetFah)} FA/h is met, which takes at least ${formatHours(hoursNeeded)} with no false accept. To measure it, ${MORE_NEGATIVES_HINT}.`,
  };
}

export function formatHours(hours: number): string {
  if (hours < 1) return `${(hours * 60).toFixed(1)} min`;
  return `${hours.toFixed(hours < 10 ? 2 : 1)} h`;
}

function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return 'n/a';
  return rate >= 10 ? rate.toFixed(0) : rate >= 1 || rate === 0 ? rate.toFixed(1) : rate.toFixed(2);
}

/** "FA/h 0.0 (≤ 2.9 at 95 %, 1.03 h of negatives)"; "FA/h n/a (no negative audio)" without hours. */
export function formatFahEstimate(estimate: FahEstimate): string {
  if (!(estimate.hours > 0)) return 'FA/h n/a (no negative audio)';
  return `FA/h ${formatRate(estimate.fah)} (≤ ${formatRate(estimate.upper95)} at 95 %, ${formatHours(estimate.hours)} of negatives)`;
}
