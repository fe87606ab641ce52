import { describe, expect, it } from 'vitest';
import { parseOperatingPoint } from './operating-point';

const good = { version: 1, threshold: 0.73, source: 'target-fah', targetFah: 0.5, split: 'val', frr: 0.1, fah: 0.4, smoothing: 3, hopSeconds: 0.1, refractorySeconds: 1.5, savedAt: '2025-01-01T00:00:00.000Z' };

describe('parseOperatingPoint', () => {
  it('reads back what was saved', () => {
    expect(parseOperatingPoint(good, 'op.json')).toEqual(good);
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseOperatingPoint('x', 'runs/a/operating-point.json')).toThrow('runs/a/operating-point.json: invalid operating point (not an object)');
    expect(() => parseOperatingPoint({ ...good, threshold: 2 }, 'op.json')).toThrow(/threshold must be a number from 0 to 1/);
    expect(() => parseOperatingPoint({ ...good, smoothing: 2.5 }, 'op.json')).toThrow(/smoothing must be a whole number/);
    expect(() => parseOperatingPoint({ ...good, source: 'guess' }, 'op.json')).toThrow(/source must be one of/);
    expect(() => parseOperatingPoint({ ...good, split: 'dev' }, 'op.json')).toThrow(/split must be/);
  });
});
