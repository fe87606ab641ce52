import { describe, expect, it } from 'vitest';
import { estimateRemainingSeconds, stepRemainingSeconds } from './eta';
import { epochMetrics, historyOf } from './test-history';

const batch = (epoch: number, done: number, of: number, epochs = 10) => ({ epoch, epochs, batch: done, batches: of, loss: 0.5, samplesPerSec: 100 });

describe('estimateRemainingSeconds', () => {
  it('has no estimate before the first epoch is measured', () => {
    expect(estimateRemainingSeconds([], null)).toBeNull();
    expect(estimateRemainingSeconds([], batch(1, 5, 10))).toBeNull();
    expect(estimateRemainingSeconds([epochMetrics(1, { epochSeconds: 0 })], null)).toBeNull();
  });

  it('multiplies the mean recent epoch time by the epochs left', () => {
    expect(estimateRemainingSeconds(historyOf(2), null)).toBe(80);
    expect(estimateRemainingSeconds(historyOf(10), null)).toBe(0);
  });

  it('subtracts the finished part of the running epoch', () => {
    // 2 of 10 epochs done, the third half done: 7.5 epochs of 10 s left.
    expect(estimateRemainingSeconds(historyOf(2), batch(3, 5, 10))).toBe(75);
    // A batch of an epoch already in the history does not count twice.
    expect(estimateRemainingSeconds(historyOf(2), batch(2, 10, 10))).toBe(80);
  });

  it('uses only the most recent epochs (the window)', () => {
    const history = historyOf(6, (epoch) => ({ epochSeconds: epoch === 1 ? 100 : 10 }));
    // Epochs 2..6 average 10 s; the slow first epoch (warm-up) is outside the window.
    expect(estimateRemainingSeconds(history, null, 5)).toBe(40);
    expect(estimateRemainingSeconds(history, null, 6)).toBe(4 * 25);
  });

  it('ignores unmeasured epochs (null over JSON, NaN) instead of propagating them', () => {
    const history = [epochMetrics(1, { epochSeconds: Number.NaN }), epochMetrics(2, { epochSeconds: 20 })];
    expect(estimateRemainingSeconds(history, null)).toBe(160);
  });
});

describe('stepRemainingSeconds', () => {
  it('extrapolates the rate so far, and waits for a measurable start', () => {
    expect(stepRemainingSeconds(100, 400, 20)).toBeCloseTo(60);
    expect(stepRemainingSeconds(400, 400, 80)).toBe(0);
    expect(stepRemainingSeconds(0, 400, 20)).toBeNull();
    expect(stepRemainingSeconds(5, 400, 0.5)).toBeNull();
  });
});
