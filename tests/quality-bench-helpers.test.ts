import { describe, expect, it } from 'vitest';
import {
  evaluateAt,
  fahAgreement,
  fahFigure,
  falseAcceptContexts,
  heldOutInTrainingGrid,
  matchDetections,
  poissonCdf,
  poissonLowerBound,
  poissonUpperBound,
  recipeKey,
  thresholdForHeldOutFah,
  withoutExclusions,
  type ScoredStream,
} from '../bench/quality-helpers';
import { SAMPLE_RATE, speechSpan } from '../bench/quality-heldout';

describe('Poisson bounds', () => {
  // Reference values: chi-square quantiles (scipy.stats.chi2.ppf(0.95, 2k + 2) / 2 and ppf(0.05, 2k) / 2).
  it.each([
    [0, 2.99573, 0],
    [1, 4.74386, 0.051293],
    [5, 10.51303, 1.97015],
    [10, 16.96222, 5.42541],
    [100, 118.07927, 84.13928],
  ])('k = %i gives upper %f and lower %f', (k, upper, lower) => {
    expect(poissonUpperBound(k)).toBeCloseTo(upper, 3);
    expect(poissonLowerBound(k)).toBeCloseTo(lower, 3);
  });

  it('the upper bound is where seeing k or fewer has probability 5 %', () => {
    expect(poissonCdf(3, poissonUpperBound(3))).toBeCloseTo(0.05, 6);
    expect(poissonCdf(3, poissonUpperBound(3, 0.99))).toBeCloseTo(0.01, 6);
  });

  it('rejects counts that are not whole numbers and confidences outside (0, 1)', () => {
    expect(() => poissonUpperBound(-1)).toThrow(/whole number/);
    expect(() => poissonUpperBound(1.5)).toThrow(/whole number/);
    expect(() => poissonLowerBound(2, 1)).toThrow(/confidence/);
  });

  it('fahFigure divides the count and both bounds by the hours', () => {
    const figure = fahFigure(2, 0.5);
    expect(figure.fah).toBe(4);
    expect(figure.upper95).toBeCloseTo(poissonUpperBound(2) / 0.5, 9);
    expect(figure.lower95).toBeCloseTo(poissonLowerBound(2) / 0.5, 9);
    expect(() => fahFigure(0, 0)).toThrow(/hours/);
  });
});

describe('matchDetections', () => {
  const phrases = [
    { start: 10, end: 11 },
    { start: 30, end: 31 },
    { start: 50, end: 51 },
  ];
  const tolerance = { before: 0.3, after: 1 };

  it('counts a phrase hit once when a detection falls in its window, and everything outside as false accepts', () => {
    const match = matchDetections(phrases, [11.4, 11.9, 29.75, 40, 52.2, 5], tolerance);
    expect(match.hits).toEqual([true, true, false]);
    expect(match.falseAcceptTimes).toEqual([5, 40, 52.2]);
    expect(match.latencies[0]).toBeCloseTo(0.4, 9);
    expect(match.latencies[1]).toBeCloseTo(-1.25, 9);
  });

  it('includes both window edges and nothing beyond them', () => {
    expect(matchDetections(phrases, [9.7, 32, 49.69, 52.01], tolerance).hits).toEqual([true, true, false]);
  });
});

describe('falseAcceptContexts', () => {
  it('names the utterance a false accept fired in, allowing for the detector reporting just after the sound', () => {
    const spoken = [
      { start: 0, end: 4, text: 'first' },
      { start: 6, end: 9, text: 'second' },
    ];
    const contexts = falseAcceptContexts(spoken, [{ time: 2, score: 0.9 }, { time: 4.8, score: 0.7 }, { time: 5.5, score: 0.6 }, { time: 9.2, score: 0.8 }], 1);
    expect(contexts.map((c) => c.text)).toEqual(['first', 'first', '(pause)', 'second']);
    expect(contexts[3]).toEqual({ time: 9.2, score: 0.8, text: 'second' });
  });
});

describe('heldOutInTrainingGrid', () => {
  it('names held-out espeak-ng voices that the training grid contains, ignoring case and other engines', () => {
    const found = heldOutInTrainingGrid(['espeak-ng:en-us+Annie', 'espeak-ng:en-gb+M3', 'flite:slt', 'espeak-ng:en-029+f1'], ['en-us', 'en-gb'], ['m3', 'f1']);
    expect(found).toEqual(['espeak-ng:en-gb+M3']);
  });
});

describe('fahAgreement', () => {
  it('reports whether held-out FA/h stays under the predicted bound and the prediction under the held-out bound', () => {
    const heldOut = fahFigure(3, 1);
    expect(fahAgreement({ fah: 0.5, upper95: 4 }, heldOut)).toEqual({ heldOutWithinPredictedBound: true, predictedWithinHeldOutBound: true, predictedWithinHeldOutInterval: false });
    expect(fahAgreement({ fah: 2, upper95: 2.5 }, heldOut)).toEqual({ heldOutWithinPredictedBound: false, predictedWithinHeldOutBound: true, predictedWithinHeldOutInterval: true });
    expect(fahAgreement({ fah: 20, upper95: 40 }, heldOut).predictedWithinHeldOutBound).toBe(false);
  });
});

describe('threshold sweep over scored streams', () => {
  // One score per second (window 1 s, hop 1 s), no smoothing or refractory period, so a detection is each run above the threshold.
  const detector = { sampleRate: 1, windowSamples: 1, hopSamples: 1, smoothing: 1, refractorySeconds: 0 };
  const tolerance = { before: 0, after: 1 };
  // Phrases at 2-3 s and 6-7 s score 0.9 and 0.6; the negative stream has peaks of 0.7 and 0.4 in 3600 s.
  const positive: ScoredStream = { scores: [0, 0, 0.9, 0, 0, 0, 0.6, 0, 0], phrases: [{ start: 2, end: 3 }, { start: 6, end: 7 }], negativeSeconds: 0 };
  const negativeScores = new Float32Array(3600);
  negativeScores[100] = 0.7;
  negativeScores[2000] = 0.4;
  const negative: ScoredStream = { scores: negativeScores, phrases: [], negativeSeconds: 3600 };

  it('evaluateAt counts hits in positive streams and false accepts in negative ones', () => {
    expect(evaluateAt([positive, negative], detector, 0.5, tolerance)).toMatchObject({ hits: 2, phrases: 2, frr: 0, falseAccepts: 1, fah: 1 });
    expect(evaluateAt([positive, negative], detector, 0.8, tolerance)).toMatchObject({ hits: 1, frr: 0.5, falseAccepts: 0, fah: 0 });
  });

  it('picks the lowest grid threshold whose FA/h meets the target, walking down from the top', () => {
    const zeroFa = thresholdForHeldOutFah([positive, negative], detector, 0, tolerance);
    expect(zeroFa?.threshold).toBeCloseTo(0.7, 9);
    expect(zeroFa?.frr).toBe(0.5);
    const oneFa = thresholdForHeldOutFah([positive, negative], detector, 1, tolerance);
    // At 0.4 the second negative peak fires too (2 FA/h), so one grid step above it is the lowest that holds.
    expect(oneFa?.threshold).toBeCloseTo(0.405, 9);
    expect(oneFa?.frr).toBe(0);
    expect(thresholdForHeldOutFah([positive], detector, 1, tolerance)).toBeNull();
  });
});

describe('withoutExclusions', () => {
  it('drops keys about exclusions at any depth so an echo of --exclude-voices is not taken for a voice used', () => {
    const out = withoutExclusions('{"voices":["espeak-ng:en-us+m3"],"excludedVoices":["flite:slt"],"sets":[{"exclude":["flite:rms"],"voice":"flite:kal"}]}\nplain line');
    expect(out).toBe('{"voices":["espeak-ng:en-us+m3"],"sets":[{"voice":"flite:kal"}]}\nplain line');
  });
});

describe('recipeKey', () => {
  it('ignores key order and changes with any value', () => {
    expect(recipeKey({ a: 1, b: [1, 2] })).toBe(recipeKey({ b: [1, 2], a: 1 }));
    expect(recipeKey({ a: 1, b: [1, 2] })).not.toBe(recipeKey({ a: 1, b: [2, 1] }));
    expect(recipeKey({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('speechSpan', () => {
  it('finds where sound starts and ends within 10 ms, ignoring a faint floor', () => {
    const audio = new Float32Array(SAMPLE_RATE);
    for (let i = 0; i < audio.length; i++) audio[i] = 1e-4 * Math.sin(i);
    for (let i = 4000; i < 12000; i++) audio[i] = 0.5 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE);
    const span = speechSpan(audio);
    expect(Math.abs(span.start - 4000)).toBeLessThanOrEqual(160);
    expect(Math.abs(span.end - 12000)).toBeLessThanOrEqual(160);
  });
});
