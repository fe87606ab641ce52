import { describe, expect, it } from 'vitest';
import { tailThresholdNote, type TailFit } from '../detection/streaming-fah';
import { evaluationCurves, evaluationMetrics, fileOutcome, maxScore, thresholdForFiles, type ScoredFile } from './evaluation-report';

const file = (path: string, category: ScoredFile['category'], scores: number[]): ScoredFile => ({
  path,
  category,
  label: category === 'positive' ? 1 : 0,
  durationSeconds: scores.length,
  scores,
});

// 4 positives, one long general negative (3 windows), 2 short negatives, 2 hard negatives.
const files: ScoredFile[] = [
  file('positive/a.wav', 'positive', [0.9]),
  file('positive/b.wav', 'positive', [0.8]),
  file('positive/c.wav', 'positive', [0.6]),
  file('positive/d.wav', 'positive', [0.3]),
  file('negative/long.wav', 'negative', [0.1, 0.7, 0.2]),
  file('negative/e.wav', 'negative', [0.4]),
  file('negative/f.wav', 'negative', [0.05]),
  file('hard_negative/g.wav', 'hard_negative', [0.95]),
  file('hard_negative/h.wav', 'hard_negative', [0.2]),
];

describe('evaluationMetrics', () => {
  it('counts every window as an example and keeps hard negatives out of FAH', () => {
    const m = evaluationMetrics(files, 0.5, 0.5);
    // Accepted at 0.5: positives 0.9 0.8 0.6 (tp 3, fn 1); negative windows 0.7 and hard 0.95 (fp 2); tn: 0.1 0.2 0.4 0.05 0.2.
    expect({ tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn }).toEqual({ tp: 3, fp: 2, tn: 5, fn: 1 });
    expect(m.frr).toBeCloseTo(0.25, 12);
    expect(m.fpr).toBeCloseTo(2 / 7, 12);
    expect(m.precision).toBeCloseTo(0.6, 12);
    // One general false accept (the long file's 0.7 window) over half an hour.
    expect(m.falseAccepts).toBe(1);
    expect(m.fah).toBe(2);
    expect(m.hardNegativeFpr).toBe(0.5);
    expect(m.positives).toBe(4);
    expect(m.negatives).toBe(7);
    // Pairs (pos > neg) of 28: 0.9 beats 6 of 7 (not 0.95), 0.8: 6, 0.6: 5, 0.3: 4 -> 21.
    expect(m.auc).toBeCloseTo(21 / 28, 12);
  });

  it('reports FAH as NaN and hard-negative FPR as null when those clips are missing', () => {
    const m = evaluationMetrics(files.filter((f) => f.category === 'positive'), 0, 0.5);
    expect(m.fah).toBeNaN();
    expect(m.hardNegativeFpr).toBeNull();
  });
});

describe('operating point and per-file outcomes', () => {
  it('chooses the threshold for a target FAH on general negatives only', () => {
    // 0.5 h at 2 FA/h allows one false accept: threshold just above the second-highest general window (0.4).
    const point = thresholdForFiles(files, 0.5, 2);
    expect(point.falseAccepts).toBe(1);
    expect(point.threshold).toBeGreaterThan(0.4);
    expect(point.threshold).toBeLessThan(0.41);
    expect(point.recall).toBe(0.75);
  });

  it('marks a long negative a false positive when any window is accepted', () => {
    expect(fileOutcome(files[4] as ScoredFile, 0.5)).toBe('fp');
    expect(fileOutcome(files[4] as ScoredFile, 0.75)).toBe('tn');
    expect(fileOutcome(files[3] as ScoredFile, 0.5)).toBe('fn');
    expect(fileOutcome(files[0] as ScoredFile, 0.5)).toBe('tp');
    expect(maxScore(files[4] as ScoredFile)).toBe(0.7);
  });

  it('gives curves that start strict and end loose', () => {
    const curves = evaluationCurves(files, 0.5, 5);
    expect(curves.roc.length).toBeLessThanOrEqual(5);
    expect(curves.roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(curves.det.at(-1)).toMatchObject({ fpr: 1, frr: 0 });
    expect(curves.frrVsFah.at(-1)).toMatchObject({ falseAccepts: 5, fah: 10, frr: 0 });
  });
});

describe('evaluation with negative streams (oww runs)', () => {
  const settings = { sampleRate: 1000, windowSamples: 1000, hopSamples: 100, smoothing: 1, refractorySeconds: 1.5 };
  // One hour of steps would be 36 000; 360 steps (36 s) keep the test small: hours = 0.01.
  const stream = new Array<number>(360).fill(0.1);
  stream[50] = 0.9;
  stream[55] = 0.9; // inside the refractory period of the first: one detection
  stream[200] = 0.7;
  const streams = { settings, scores: [stream], hours: 0.01 };
  const streamed: ScoredFile[] = [
    file('positive/a.wav', 'positive', [0.95]),
    file('positive/b.wav', 'positive', [0.8]),
    file('negative/n.wav', 'negative', [0.9]),
    file('hard_negative/h.wav', 'hard_negative', [0.85]),
  ];

  it('counts streaming detections, not windows, with the hours and the bound, and says it counts files', () => {
    const m = evaluationMetrics(streamed, streams.hours, 0.6, streams);
    expect(m.falseAccepts).toBe(2);
    expect(m.fahEstimate).toMatchObject({ falseAccepts: 2, hours: 0.01, fah: 200 });
    expect(m.fahEstimate.upper95).toBeCloseTo(629.6, 0);
    expect(m.fahBasis).toBe('streaming');
    expect(m.countedUnit).toBe('files');
    expect(m.tp + m.fn + m.fp + m.tn).toBe(streamed.length);
    expect(evaluationMetrics(files, 0.5, 0.5).countedUnit).toBe('windows');
  });

  it('picks the threshold for a target on the streams, as training does', () => {
    // 100 FA/h over 0.01 h allows one detection: the threshold must sit just above 0.7.
    const point = thresholdForFiles(streamed, streams.hours, 100, streams);
    expect(point.threshold).toBeGreaterThan(0.7);
    expect(point.threshold).toBeLessThan(0.7 + 1e-9);
    expect(point.falseAccepts).toBe(1);
    expect(point.recall).toBe(1);
    const curve = evaluationCurves(streamed, streams.hours, 300, streams).frrVsFah;
    expect(curve.find((p) => p.threshold === 0.5)?.falseAccepts).toBe(2);
    // One detection allowed is a count: nothing is extrapolated.
    expect(point.tail).toBeUndefined();
  });

  it('with too few hours for the target, reports the tail fit that raised the threshold above the count', () => {
    // 36 s holding twelve separate detections from 0.3 to 0.85: a 1 FA/h target needs 3 h to be counted, so the
    // threshold comes from the tail of those twelve, above the highest of them.
    const spiky = new Array<number>(360).fill(0.01);
    for (let k = 0; k < 12; k += 1) spiky[10 + k * 29] = 0.3 + k * 0.05;
    const few = { settings, scores: [spiky], hours: 0.01 };
    const point = thresholdForFiles(streamed, few.hours, 1, few);
    expect(point.tail?.events).toBe(12);
    expect(point.threshold).toBeGreaterThan(0.85);
    expect(point.falseAccepts).toBe(0);
    expect(tailThresholdNote(point.tail as TailFit, 1)).toMatch(/^Until then the threshold is set where the scores of the 12 highest-scoring false accepts, extrapolated, reach 1 FA\/h: an estimate, not a count\.$/);
  });
});
