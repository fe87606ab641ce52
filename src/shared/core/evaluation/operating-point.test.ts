import { describe, expect, it } from 'vitest';
import { parseOperatingPoint } from './operating-point';

const good = { version: 1, threshold: 0.73, source: 'target-fah', targetFah: 0.5, split: 'val', frr: 0.1, fah: 0.4, smoothing: 3, hopSeconds: 0.1, refractorySeconds: 1.5, savedAt: '2025-01-01T00:00:00.000Z' };

describe('parseOperatingPoint', () => {
  it('reads back what was saved, with the FA/h estimate the threshold rests on (NaN written as null)', () => {
    expect(parseOperatingPoint(good, 'op.json')).toEqual({ ...good, fahEstimate: null });
    const estimate = { falseAccepts: 0, hours: 6.5, fah: 0, upper95: 2.996 / 6.5 };
    expect(parseOperatingPoint({ ...good, fahEstimate: estimate }, 'op.json').fahEstimate).toEqual(estimate);
    expect(parseOperatingPoint({ ...good, fahEstimate: { falseAccepts: 0, hours: 0, fah: null, upper95: null } }, 'op.json').fahEstimate?.fah).toBeNaN();
    expect(() => parseOperatingPoint({ ...good, fahEstimate: { falseAccepts: -1, hours: 1 } }, 'op.json')).toThrow(/fahEstimate.falseAccepts/);
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseOperatingPoint('x', 'runs/a/operating-point.json')).toThrow('runs/a/operating-point.json: invalid operating point (not an object)');
    expect(() => parseOperatingPoint({ ...good, threshold: 2 }, 'op.json')).toThrow(/threshold must be a number from 0 to 1/);
    expect(() => parseOperatingPoint({ ...good, smoothing: 2.5 }, 'op.json')).toThrow(/smoothing must be a whole number/);
    expect(() => parseOperatingPoint({ ...good, source: 'guess' }, 'op.json')).toThrow(/source must be one of/);
    expect(() => parseOperatingPoint({ ...good, split: 'dev' }, 'op.json')).toThrow(/split must be/);
  });
});
