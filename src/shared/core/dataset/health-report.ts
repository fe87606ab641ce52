/**
 * The dataset health report: counts, hours, histograms and a 0-100 score made of named findings, each
 * telling the user what to do. Pure, so the CLI, the panel and tests compute it identically.
 */
import { MORE_NEGATIVES_HINT, formatHours, hoursToSupport } from '../fah';
import type { DatasetCategory } from './categories';
import type { ManifestEntry } from './manifest';
import { categoryTotals, type CategoryTotalsMap } from './summary';

export type FindingSeverity = 'error' | 'warning' | 'info' | 'good';

export interface HealthFinding {
  readonly id: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** Points taken off the score (0 for good news). */
  readonly penalty: number;
}

export interface HistogramBin {
  readonly label: string;
  readonly count: number;
}

export interface HealthReport {
  readonly score: number;
  readonly findings: readonly HealthFinding[];
  readonly categories: CategoryTotalsMap;
  readonly hours: Readonly<Record<DatasetCategory, number>>;
  /** Valid negatives (incl. hard negatives) per valid positive; null without positives. */
  readonly negativeToPositiveRatio: number | null;
  /** Hard negatives as a share of all negatives; null without negatives. */
  readonly hardNegativeShare: number | null;
  readonly hasBackground: boolean;
  readonly hasRirs: boolean;
  readonly sampleRateHistogram: readonly HistogramBin[];
  readonly durationHistogram: readonly HistogramBin[];
}

export const TARGET_POSITIVES = 1000;
export const TARGET_NEGATIVE_RATIO = 3;

const DURATION_BINS: readonly { readonly label: string; readonly below: number }[] = [
  { label: '< 0.5 s', below: 0.5 },
  { label: '0.5–1 s', below: 1 },
  { label: '1–2 s', below: 2 },
  { label: '2–5 s', below: 5 },
  { label: '5–30 s', below: 30 },
  { label: '≥ 30 s', below: Infinity },
];

const count = (n: number): string => n.toLocaleString('en-US');

function histograms(entries: readonly ManifestEntry[]): { rates: HistogramBin[]; durations: HistogramBin[] } {
  const rates = new Map<number, number>();
  const durations = DURATION_BINS.map(() => 0);
  for (const entry of entries) {
    if (entry.status !== 'valid') continue;
    rates.set(entry.sampleRate, (rates.get(entry.sampleRate) ?? 0) + 1);
    if (entry.durationSeconds === null) continue;
    const duration = entry.durationSeconds;
    const bin = DURATION_BINS.findIndex((b) => duration < b.below);
    durations[bin] = (durations[bin] ?? 0) + 1;
  }
  return {
    rates: [...rates.entries()].sort((a, b) => a[0] - b[0]).map(([rate, n]) => ({ label: `${rate.toLocaleString('en-US')} Hz`, count: n })),
    durations: DURATION_BINS.map((b, i) => ({ label: b.label, count: durations[i] ?? 0 })),
  };
}

function positiveFindings(positives: number): HealthFinding {
  if (positives === 0) return { id: 'no-positives', severity: 'error', message: 'no positive clips: record or import the wake phrase into data/raw/positive', penalty: 50 };
  const message = `only ${count(positives)} positive${positives === 1 ? '' : 's'}: aim for ${count(TARGET_POSITIVES)}+`;
  if (positives < 100) return { id: 'few-positives', severity: 'error', message, penalty: 35 };
  if (positives < 500) return { id: 'few-positives', severity: 'warning', message, penalty: 20 };
  if (positives < TARGET_POSITIVES) return { id: 'few-positives', severity: 'warning', message, penalty: 10 };
  return { id: 'enough-positives', severity: 'good', message: `${count(positives)} positives`, penalty: 0 };
}

function negativeFindings(positives: number, negatives: number, hardNegatives: number): HealthFinding[] {
  const all = negatives + hardNegatives;
  if (all === 0) return [{ id: 'no-negatives', severity: 'error', message: 'no negative audio: add speech and everyday sounds to data/raw/negative', penalty: 30 }];
  const findings: HealthFinding[] = [];
  if (positives > 0) {
    const ratio = all / positives;
    findings.push(
      ratio < TARGET_NEGATIVE_RATIO
        ? { id: 'low-negative-ratio', severity: 'warning', message: `negative:positive ratio is ${ratio.toFixed(1)}:1: aim for ${TARGET_NEGATIVE_RATIO}:1 or more`, penalty: 10 }
        : { id: 'negative-ratio', severity: 'good', message: `negative:positive ratio ${ratio.toFixed(1)}:1`, penalty: 0 },
    );
  }
  if (hardNegatives === 0) {
    findings.push({ id: 'no-hard-negatives', severity: 'warning', message: 'no hard negatives: add confusable phrases to data/raw/hard_negative to cut false accepts', penalty: 10 });
  } else if (hardNegatives / all < 0.05) {
    findings.push({ id: 'few-hard-negatives', severity: 'info', message: `hard negatives are only ${((100 * hardNegatives) / all).toFixed(1)}% of negatives: aim for 5% or more`, penalty: 3 });
  }
  return findings;
}

export interface HealthOptions {
  /** The FA/h target the runs are trained for (config selection.target_fah). */
  readonly targetFah?: number;
  /** Share of the negatives the validation (and the test) split gets. */
  readonly evaluationShare?: number;
}

/**
 * What a false-accepts-per-hour figure will rest on: hours of general negative audio (negative/ only; hard
 * negatives are reported separately). Validation and test each see their share of it after the split, and
 * showing a target takes about 3 / target hours there without a false accept (fah.ts).
 */
function falseAcceptBasisFinding(negativeSeconds: number, hardNegatives: number, targetFah: number, share: number): HealthFinding | null {
  const hours = negativeSeconds / 3600;
  if (negativeSeconds === 0) {
    return hardNegatives > 0
      ? { id: 'no-general-negatives', severity: 'warning', message: 'no general negative audio in data/raw/negative: false accepts per hour cannot be measured (hard negatives do not count towards it)', penalty: 15 }
      : null;
  }
  const needed = hoursToSupport(targetFah);
  const perSplit = hours * share;
  if (perSplit < needed) {
    return {
      id: 'fah-basis',
      severity: 'warning',
      message: `false accepts per hour rest on only ${formatHours(hours)} of general negative audio (data/raw/negative): validation and test get about ${formatHours(perSplit)} each (a ${String(Math.round(share * 100))} % share), too little to show ${String(targetFah)} FA/h, which takes at least ${formatHours(needed)} per split with no false accept (about ${formatHours(needed / share)} in all). To measure it, ${MORE_NEGATIVES_HINT}`,
      penalty: hours < 1 ? 5 : 3,
    };
  }
  return { id: 'fah-basis', severity: 'good', message: `false accepts per hour rest on ${formatHours(hours)} of general negative audio (data/raw/negative): enough to show ${String(targetFah)} FA/h`, penalty: 0 };
}

export function healthReport(entries: readonly ManifestEntry[], options: HealthOptions = {}): HealthReport {
  const categories = categoryTotals(entries);
  const positives = categories.positive.validFiles;
  const negatives = categories.negative.validFiles;
  const hardNegatives = categories.hard_negative.validFiles;
  const findings: HealthFinding[] = [positiveFindings(positives), ...negativeFindings(positives, negatives, hardNegatives)];
  const basis = falseAcceptBasisFinding(categories.negative.seconds, hardNegatives, options.targetFah ?? 0.5, options.evaluationShare ?? 0.1);
  if (basis) findings.push(basis);

  const hasBackground = categories.background.validFiles > 0;
  const hasRirs = categories.rirs.validFiles > 0;
  if (!hasBackground) findings.push({ id: 'no-background', severity: 'warning', message: 'no background noise: noise augmentation disabled', penalty: 8 });
  if (!hasRirs) findings.push({ id: 'no-rirs', severity: 'info', message: 'no room impulse responses: reverb augmentation disabled', penalty: 5 });

  const invalid = entries.length - Object.values(categories).reduce((sum, c) => sum + c.validFiles, 0);
  if (invalid > 0) {
    findings.push({
      id: 'invalid-files',
      severity: 'warning',
      message: `${count(invalid)} file${invalid === 1 ? '' : 's'} cannot be used and will be skipped (see the list of invalid files)`,
      penalty: Math.min(10, Math.ceil((100 * invalid) / Math.max(1, entries.length))),
    });
  }
  const lowRate = entries.filter((e) => e.status === 'valid' && e.sampleRate < 16_000).length;
  if (lowRate > 0) {
    findings.push({ id: 'low-sample-rate', severity: 'info', message: `${count(lowRate)} file${lowRate === 1 ? ' is' : 's are'} below 16 kHz: they lack high frequencies`, penalty: 3 });
  }

  const penalty = findings.reduce((sum, f) => sum + f.penalty, 0);
  const { rates, durations } = histograms(entries);
  const hours = Object.fromEntries(Object.entries(categories).map(([c, t]) => [c, t.seconds / 3600])) as Record<DatasetCategory, number>;
  return {
    score: Math.max(0, Math.min(100, 100 - penalty)),
    findings,
    categories,
    hours,
    negativeToPositiveRatio: positives > 0 ? (negatives + hardNegatives) / positives : null,
    hardNegativeShare: negatives + hardNegatives > 0 ? hardNegatives / (negatives + hardNegatives) : null,
    hasBackground,
    hasRirs,
    sampleRateHistogram: rates,
    durationHistogram: durations,
  };
}
