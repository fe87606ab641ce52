import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './max-abs-diff';

describe('maxAbsDiff', () => {
  it('is the largest absolute difference, 0 for equal arrays', () => {
    expect(maxAbsDiff(Float32Array.of(1, -2, 3), Float32Array.of(1.5, -2, 1))).toBe(2);
    expect(maxAbsDiff([0.25, 4], [0.25, 4])).toBe(0);
    expect(maxAbsDiff([], [])).toBe(0);
  });

  it('never reads a mismatch as agreement: different lengths or a NaN give Infinity', () => {
    expect(maxAbsDiff([1, 2], [1])).toBe(Number.POSITIVE_INFINITY);
    expect(maxAbsDiff([1, Number.NaN], [1, 2])).toBe(Number.POSITIVE_INFINITY);
  });
});
