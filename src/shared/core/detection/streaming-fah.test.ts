import { describe, expect, it } from 'vitest';
import { createRng } from '../audio/rng';
import { nextUp } from '../metrics';
import { detectInScores } from './streaming-detector';
import { hoursToSupport } from '../fah';
import { MIN_TAIL_EVENTS, NegativeStreams, acceptedShare, clipStreamScore, logit, smoothScores, type StreamDetectorSettings } from './streaming-fah';

/** 10 steps a second, 1 s windows, event at the window's centre: step i's time is 0.5 + i / 10 s without smoothing. */
const settings = (smoothing: number, refractorySeconds: number): StreamDetectorSettings => ({ sampleRate: 1000, windowSamples: 1000, hopSamples: 100, smoothing, refractorySeconds });

/** The real detector's count, the reference. */
const detected = (streams: readonly number[][], s: StreamDetectorSettings, threshold: number): number =>
  streams.reduce((n, scores) => n + detectInScores(scores, { ...s, threshold }).detections.length, 0);

describe('streaming false accepts', () => {
  it('counts a constructed stream by hand: smoothing spreads a spike, refractory swallows a close second one', () => {
    const scores = new Array<number>(100).fill(0);
    // Spike at step 10; a second one 0.5 s later (inside the 1.5 s refractory period); a third 3 s later.
    scores[10] = 0.9;
    scores[15] = 0.9;
    scores[40] = 0.9;
    const raw = new NegativeStreams([scores], settings(1, 1.5));
    expect(raw.falseAccepts(0.5)).toBe(2);
    expect(raw.hours).toBeCloseTo(10 / 3600, 12);
    // With a 3-step average each spike is 0.3: below 0.5, above 0.25.
    const smooth = new NegativeStreams([scores], settings(3, 1.5));
    expect(smooth.falseAccepts(0.5)).toBe(0);
    expect(smooth.falseAccepts(0.25)).toBe(2);
    // Without a refractory period the second spike counts too.
    expect(new NegativeStreams([scores], settings(1, 0)).falseAccepts(0.5)).toBe(3);
    // Each stream starts a fresh detector: the same spikes in two streams count twice.
    expect(new NegativeStreams([scores, scores], settings(1, 1.5)).falseAccepts(0.5)).toBe(4);
  });

  it('a stretch above the threshold fires once per max(refractory, window)', () => {
    const scores = [...new Array<number>(5).fill(0), ...new Array<number>(50).fill(1), ...new Array<number>(5).fill(0)];
    const count = new NegativeStreams([scores], settings(1, 1.5)).falseAccepts(0.5);
    expect(count).toBe(detected([scores], settings(1, 1.5), 0.5));
    expect(count).toBeGreaterThanOrEqual(2);
  });

  it('agrees with the streaming detector on random streams at random thresholds', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 40; trial += 1) {
      const s = settings(1 + rng.int(0, 4), [0, 0.5, 1.5, 3][rng.int(0, 3)] as number);
      const streams = Array.from({ length: 1 + rng.int(0, 3) }, () => Array.from({ length: rng.int(0, 300) }, () => (rng.next() < 0.1 ? rng.next() : rng.next() * 0.3)));
      const prepared = new NegativeStreams(streams, s);
      for (let k = 0; k < 10; k += 1) {
        const threshold = rng.next();
        expect(prepared.falseAccepts(threshold)).toBe(detected(streams, s, threshold));
      }
    }
  });

  it('matches the moving average of the detector', () => {
    const scores = [0.1, 0.5, 0.9, 0.2];
    const { smoothed } = detectInScores(scores, { ...settings(3, 1), threshold: 2 });
    expect(Array.from(smoothScores(scores, 3))).toEqual(smoothed);
  });
});

describe('the threshold for a target FA/h on streams', () => {
  /** Brute force: every distinct smoothed score as a threshold, strictest first, counted by the real detector. */
  function bruteForce(streams: readonly number[][], s: StreamDetectorSettings, allowed: number): number {
    const values = [...new Set(streams.flatMap((scores) => Array.from(smoothScores(scores, s.smoothing))))].sort((a, b) => b - a);
    for (const value of values) if (detected(streams, s, value) > allowed) return nextUp(value);
    return Math.min(0, ...values);
  }

  it('equals a brute-force sweep on random streams, and no stricter threshold breaks the target', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 60; trial += 1) {
      const s = settings(1 + rng.int(0, 3), [0, 1, 1.5][rng.int(0, 2)] as number);
      const streams = Array.from({ length: 1 + rng.int(0, 2) }, () => Array.from({ length: rng.int(1, 400) }, () => (rng.next() < 0.05 ? 0.5 + rng.next() / 2 : rng.next() * 0.6)));
      const prepared = new NegativeStreams(streams, s);
      const target = [0, 50, 200, 1000][rng.int(0, 3)] as number;
      const allowed = Math.floor(target * prepared.hours + 1e-9);
      const chosen = prepared.countedThreshold(target);
      expect(chosen.threshold).toBe(bruteForce(streams, s, allowed));
      // Starting from only the top few steps (then all of them if needed) gives the same answer.
      expect(new NegativeStreams(streams, s).countedThreshold(target, 1 + rng.int(0, 20))).toEqual(chosen);
      // The threshold used is never looser than the counted one, and its estimate is the count there.
      const used = prepared.thresholdForTarget(target);
      expect(used.threshold).toBeGreaterThanOrEqual(chosen.threshold);
      expect(used.estimate.falseAccepts).toBe(detected(streams, s, used.threshold));
      if (target > 0 && prepared.hours >= hoursToSupport(target)) expect(used).toEqual(chosen);
      expect(chosen.estimate.falseAccepts).toBe(detected(streams, s, chosen.threshold));
      expect(chosen.estimate.falseAccepts).toBeLessThanOrEqual(allowed);
      for (let k = 0; k < 5; k += 1) expect(detected(streams, s, chosen.threshold + rng.next() * (1 - chosen.threshold))).toBeLessThanOrEqual(allowed);
    }
  });

  /**
   * Isolated one-step spikes at `perHour`, whose logits are `base` plus an exponential with mean `scale`, over a
   * quiet floor: the true FA/h at threshold t above the base is perHour * exp(-(logit(t) - base) / scale).
   */
  function spikyStreams(seed: number, hours: number, perHour: number, base: number, scale: number): number[][] {
    const rng = createRng(seed);
    const stepsPerHour = 36_000;
    const scores = Array.from({ length: Math.round(hours * stepsPerHour) }, () => rng.next() * 0.01);
    // Spikes at least 3 s apart so each is its own detection at any threshold.
    for (let i = 30; i < scores.length; i += 30 + Math.floor((-Math.log(1 - rng.next()) * stepsPerHour) / perHour)) {
      scores[i] = 1 / (1 + Math.exp(-(base - scale * Math.log(1 - rng.next()))));
    }
    return [scores];
  }
  const trueFah = (threshold: number, perHour: number, base: number, scale: number): number => perHour * Math.exp(-(logit(threshold) - base) / scale);

  it('too few hours for the target: extrapolates the tail of the false accepts to the target, checked on 100 times the hours', () => {
    const s = settings(1, 1);
    // 200 false accepts an hour at logit -1 (p 0.27), their scores' logits 0.8 apart on average; 0.2 h holds ~40.
    const [perHour, base, scale, target] = [200, -1, 0.8, 0.5];
    const ratios: number[] = [];
    for (let seed = 1; seed <= 15; seed += 1) {
      const prepared = new NegativeStreams(spikyStreams(seed, 0.2, perHour, base, scale), s);
      expect(prepared.hours).toBeLessThan(hoursToSupport(target));
      const counted = prepared.countedThreshold(target);
      const tail = prepared.tailThreshold(target);
      expect(tail?.fit.fah).toBeCloseTo(target, 6);
      const chosen = prepared.thresholdForTarget(target);
      // The stricter of the two; the fit is reported only when it decided.
      expect(chosen.threshold).toBe(Math.max(counted.threshold, tail?.threshold ?? 0));
      expect(chosen.tail).toEqual(tail && tail.threshold > counted.threshold ? tail.fit : undefined);
      ratios.push(trueFah(chosen.threshold, perHour, base, scale) / target);
    }
    // Counting alone sits just above the highest of ~40 spikes: about 5 FA/h in truth. The extrapolation lands
    // near the target: its median within a factor of 2, every seed within a factor of 10.
    ratios.sort((a, b) => a - b);
    expect(ratios[7]).toBeGreaterThan(0.5);
    expect(ratios[7]).toBeLessThan(2);
    for (const ratio of ratios) expect(ratio).toBeLessThan(10);
    // What a user would live with, counted on 20 h of new audio from the same source.
    const chosen = new NegativeStreams(spikyStreams(99, 0.2, perHour, base, scale), s).thresholdForTarget(target);
    const later = new NegativeStreams(spikyStreams(100, 20, perHour, base, scale), s).estimate(chosen.threshold);
    expect(later.fah).toBeLessThan(5 * target);
  });

  it('enough hours: the counted threshold, no extrapolation', () => {
    const prepared = new NegativeStreams(spikyStreams(7, 8, 200, -1, 0.8), settings(1, 1));
    expect(prepared.hours).toBeGreaterThanOrEqual(hoursToSupport(0.5));
    expect(prepared.thresholdForTarget(0.5)).toEqual(prepared.countedThreshold(0.5));
  });

  it('fewer than MIN_TAIL_EVENTS false accepts at any threshold: the counted threshold', () => {
    const scores = Array.from({ length: 3600 }, () => 0.001);
    for (let k = 0; k < MIN_TAIL_EVENTS - 1; k += 1) scores[100 + k * 500] = 0.9 - k * 0.05;
    const prepared = new NegativeStreams([scores], settings(1, 1));
    expect(prepared.tailThreshold(0.5)).toBeNull();
    expect(prepared.thresholdForTarget(0.5)).toEqual(prepared.countedThreshold(0.5));
  });

  it('falls back to 0.5 without negative audio', () => {
    expect(new NegativeStreams([], settings(3, 1.5)).thresholdForTarget(0.5)).toMatchObject({ threshold: 0.5, estimate: { falseAccepts: 0, hours: 0 } });
  });
});

describe('clips scored in their streams', () => {
  it('takes the highest smoothed score over the steps covering the clip', () => {
    const scores = [0, 0, 0.9, 0.9, 0.9, 0, 0.99];
    // Steps 1..5 cover the clip: the 3-step average peaks at 0.9 (step 4); the 0.99 at step 6 is outside.
    expect(clipStreamScore(scores, 3, 1, 5)).toBeCloseTo(0.9, 12);
    expect(clipStreamScore(scores, 1, 1, 5)).toBe(0.9);
    expect(acceptedShare([0.2, 0.6, 0.9], 0.6)).toBeCloseTo(2 / 3, 12);
    expect(acceptedShare([], 0.5)).toBeNull();
  });
});
