import { describe, expect, it } from 'vitest';
import { confusionAt, detCurve, equalErrorRate, falseAcceptsPerHour, frrVsFahCurve, ratesOf, rocAuc, rocCurve, thinCurve, thresholdForTargetFah, validationSummary } from './metrics';

// Hand-worked case: 4 positives, 6 negatives.
const scores = [0.9, 0.8, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1, 0.05, 0.5];
const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];

describe('confusion and rates', () => {
  it('counts accepts at score >= threshold', () => {
    // Accepted at 0.5: 0.9 0.8 0.6 (tp), 0.7 0.5 (fp); rejected: 0.3 (fn), 0.4 0.2 0.1 0.05 (tn).
    expect(confusionAt({ scores, labels }, 0.5)).toEqual({ tp: 3, fp: 2, tn: 4, fn: 1 });
  });

  it('derives the rates by hand', () => {
    const r = ratesOf({ tp: 3, fp: 2, tn: 4, fn: 1 });
    expect(r.accuracy).toBeCloseTo(0.7, 12);
    expect(r.precision).toBeCloseTo(0.6, 12);
    expect(r.recall).toBeCloseTo(0.75, 12);
    expect(r.f1).toBeCloseTo((2 * 0.6 * 0.75) / 1.35, 12);
    expect(r.fpr).toBeCloseTo(2 / 6, 12);
    expect(r.frr).toBeCloseTo(0.25, 12);
  });

  it('gives zeros rather than NaN for empty classes', () => {
    expect(ratesOf({ tp: 0, fp: 0, tn: 0, fn: 0 })).toEqual({ accuracy: 0, precision: 0, recall: 0, f1: 0, fpr: 0, frr: 0 });
  });

  it('measures false accepts per hour, NaN without negative audio', () => {
    expect(falseAcceptsPerHour(3, 1.5)).toBe(2);
    expect(falseAcceptsPerHour(3, 0)).toBeNaN();
  });
});

describe('ROC, AUC and EER', () => {
  it('walks the ROC from strict to loose', () => {
    const roc = rocCurve({ scores, labels });
    expect(roc[0]).toEqual({ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 });
    expect(roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(roc.find((point) => point.threshold === 0.6)).toEqual({ threshold: 0.6, fpr: 1 / 6, tpr: 0.75 });
  });

  it('computes AUC as the share of correctly ordered positive/negative pairs', () => {
    // Pairs (pos > neg): 0.9 beats 6, 0.8 beats 6, 0.6 beats 5 (not 0.7), 0.3 beats 3 -> 20 of 24.
    expect(rocAuc({ scores, labels })).toBeCloseTo(20 / 24, 12);
    expect(rocAuc({ scores: [0.5, 0.5], labels: [1, 0] })).toBeCloseTo(0.5, 12);
    expect(rocAuc({ scores: [0.9, 0.1], labels: [1, 0] })).toBe(1);
  });

  it('finds the EER on separable and overlapping scores', () => {
    expect(equalErrorRate({ scores: [0.9, 0.8, 0.2, 0.1], labels: [1, 1, 0, 0] }).eer).toBe(0);
    // Worked case: at 0.6 FPR = 1/6, FRR = 1/4; at 0.5 FPR = 2/6, FRR = 1/4. FPR - FRR goes -1/12 -> +1/12: halfway, EER = 1/4.
    expect(equalErrorRate({ scores, labels }).eer).toBeCloseTo(0.25, 12);
  });

  it('finds the EER of two overlapping uniform score distributions', () => {
    // Positives uniform on [0.25, 1], negatives on [0, 0.75]: FPR(t) = (0.75 - t) / 0.75, FRR(t) = (t - 0.25) / 0.75, equal at t = 0.5 -> 1/3.
    const n = 3000;
    const pos = Array.from({ length: n }, (_, i) => 0.25 + (0.75 * (i + 0.5)) / n);
    const neg = Array.from({ length: n }, (_, i) => (0.75 * (i + 0.5)) / n);
    const result = equalErrorRate({ scores: [...pos, ...neg], labels: [...pos.map(() => 1), ...neg.map(() => 0)] });
    expect(result.eer).toBeCloseTo(1 / 3, 3);
    expect(result.threshold).toBeCloseTo(0.5, 2);
    expect(rocAuc({ scores: [...pos, ...neg], labels: [...pos.map(() => 1), ...neg.map(() => 0)] })).toBeCloseTo(1 - (0.5 * 0.5 * 0.5) / (0.75 * 0.75), 3);
  });
});

describe('thresholdForTargetFah', () => {
  const negatives = [0.95, 0.7, 0.6, 0.2, 0.1, 0.0];
  const positives = [0.99, 0.9, 0.8, 0.65, 0.3];

  it('allows floor(target x hours) false accepts and maximises recall', () => {
    // 2 hours at 1 FA/h allows 2 false accepts: accept above 0.6 (0.95 and 0.7 are the two).
    const point = thresholdForTargetFah(positives, negatives, 2, 1);
    expect(point.falseAccepts).toBe(2);
    expect(point.fah).toBe(1);
    expect(point.threshold).toBeGreaterThan(0.6);
    expect(point.threshold).toBeLessThan(0.6 + 1e-12);
    expect(point.recall).toBeCloseTo(4 / 5, 12);
    expect(point.frr).toBeCloseTo(1 / 5, 12);
  });

  it('rejects everything tied with the boundary negative', () => {
    const point = thresholdForTargetFah([0.5, 0.5], [0.5, 0.5], 1, 0);
    expect(point.falseAccepts).toBe(0);
    expect(point.recall).toBe(0);
  });

  it('accepts everything when the target allows more false accepts than there are negatives', () => {
    const point = thresholdForTargetFah(positives, negatives, 10, 5);
    expect(point.threshold).toBe(0);
    expect(point.recall).toBe(1);
    expect(point.falseAccepts).toBe(6);
  });
});

describe('validationSummary', () => {
  it('keeps hard negatives out of FAH and reports them separately', () => {
    const scores = [0.9, 0.8, 0.3, 0.6, 0.2, 0.95, 0.1];
    const kinds = ['positive', 'positive', 'positive', 'negative', 'negative', 'hard_negative', 'hard_negative'] as const;
    const summary = validationSummary(scores, kinds, 0.5, 2);
    // General negatives: 0.6 accepted at 0.5 -> 1 false accept over 0.5 h = 2 FA/h. The hard negative at 0.95 is not counted.
    expect(summary.fah).toBe(2);
    // Target 2 FA/h over 0.5 h allows 1 false accept: threshold just above 0.2, so positives 0.9, 0.8, 0.3 pass.
    expect(summary.recallAtTarget).toBe(1);
    expect(summary.fahAtTarget).toBe(2);
    expect(summary.hardNegativeFpr).toBe(0.5);
    // At 0.5 over all clips: tp 2, fn 1, fp 2 (0.6 and 0.95), tn 2.
    expect(summary.fpr).toBe(0.5);
    expect(summary.fnr).toBeCloseTo(1 / 3, 12);
  });
});

describe('DET and FRR-vs-FAH curves', () => {
  it('mirrors the ROC as FRR = 1 - TPR', () => {
    const det = detCurve({ scores, labels });
    expect(det.find((point) => point.threshold === 0.6)).toEqual({ threshold: 0.6, fpr: 1 / 6, frr: 0.25 });
    expect(det.at(-1)).toMatchObject({ fpr: 1, frr: 0 });
  });

  it('sweeps FRR against false accepts per hour, ties moving together', () => {
    // Positives 0.9 0.6 0.6 0.2; general negatives 0.7 0.6 0.1 over 2 hours.
    const curve = frrVsFahCurve([0.9, 0.6, 0.6, 0.2], [0.7, 0.6, 0.1], 2);
    expect(curve.map((p) => [p.threshold, p.falseAccepts, p.fah, p.frr])).toEqual([
      [Number.POSITIVE_INFINITY, 0, 0, 1],
      [0.9, 0, 0, 0.75],
      [0.7, 1, 0.5, 0.75],
      [0.6, 2, 1, 0.25],
      [0.2, 2, 1, 0],
      [0.1, 3, 1.5, 0],
    ]);
  });

  it('agrees with confusionAt at every threshold of a random score set', () => {
    let seed = 7;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.round((seed / 4294967296) * 50) / 50;
    };
    const pos = Array.from({ length: 40 }, () => Math.min(1, next() + 0.3));
    const neg = Array.from({ length: 60 }, next);
    for (const point of frrVsFahCurve(pos, neg, 0.5).slice(1)) {
      const c = confusionAt({ scores: [...pos, ...neg], labels: [...pos.map(() => 1), ...neg.map(() => 0)] }, point.threshold);
      expect(point.falseAccepts).toBe(c.fp);
      expect(point.frr).toBeCloseTo(c.fn / 40, 12);
      expect(point.fah).toBeCloseTo(c.fp / 0.5, 12);
    }
  });

  it('thins a long curve for plotting, keeping both ends', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const thin = thinCurve(points, 11);
    expect(thin).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thinCurve([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });
});
