import { describe, expect, it } from 'vitest';
import { applyGain, meanPower, timeShift } from './level';

describe('level helpers', () => {
  it('shifts later and earlier, filling with silence, keeping the length', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    expect(Array.from(timeShift(x, 1))).toEqual([0, 1, 2, 3]);
    expect(Array.from(timeShift(x, -2))).toEqual([3, 4, 0, 0]);
    expect(Array.from(timeShift(x, 9))).toEqual([0, 0, 0, 0]);
  });

  it('applies gain in decibels', () => {
    const x = Float32Array.from([0.5, -0.25]);
    expect(10 * Math.log10(meanPower(applyGain(x, 6)) / meanPower(x))).toBeCloseTo(6, 5);
    expect(applyGain(x, -20)[0]).toBeCloseTo(0.05, 6);
  });
});
