import { describe, expect, it } from 'vitest';
import { fahEstimate, fahVerdict, formatFahEstimate, hoursToSupport, poissonUpperBound } from './fah';

describe('poissonUpperBound', () => {
  it('matches the published one-sided 95 % bounds (chi-square(2k + 2) / 2)', () => {
    expect(poissonUpperBound(0)).toBeCloseTo(2.9957, 3);
    expect(poissonUpperBound(1)).toBeCloseTo(4.7439, 3);
    expect(poissonUpperBound(5)).toBeCloseTo(10.5130, 3);
    expect(poissonUpperBound(10)).toBeCloseTo(16.9622, 3);
    expect(poissonUpperBound(0, 0.99)).toBeCloseTo(4.6052, 3);
  });
  it('stays sane for large counts and rejects nonsense', () => {
    const big = poissonUpperBound(2000);
    expect(big).toBeGreaterThan(2000 + 1.64 * Math.sqrt(2000));
    expect(big).toBeLessThan(2000 + 1.7 * Math.sqrt(2000) + 3);
    expect(() => poissonUpperBound(-1)).toThrow(RangeError);
    expect(() => poissonUpperBound(1.5)).toThrow(RangeError);
  });
});

describe('FA/h estimates and verdicts', () => {
  it('divides by the hours and carries the bound', () => {
    expect(fahEstimate(2, 4)).toEqual({ falseAccepts: 2, hours: 4, fah: 0.5, upper95: poissonUpperBound(2) / 4 });
    const none = fahEstimate(0, 0);
    expect(none.fah).toBeNaN();
    expect(none.upper95).toBeNaN();
    expect(formatFahEstimate(fahEstimate(0, 1.03))).toBe('FA/h 0.0 (≤ 2.9 at 95 %, 1.03 h of negatives)');
    expect(formatFahEstimate(none)).toMatch(/n\/a/);
  });
  it('needs about 3 / target hours, and says so plainly below that', () => {
    expect(hoursToSupport(0.5)).toBeCloseTo(5.99, 2);
    expect(fahVerdict(6, 0.5)).toMatchObject({ supported: true, warning: null });
    const short = fahVerdict(0.007, 0.5);
    expect(short.supported).toBe(false);
    expect(short.warning).toContain('0.4 min');
    expect(short.warning).toContain('143 FA/h');
    expect(short.warning).toContain('5.99 h');
    expect(short.warning).toContain('wakeword synth --negative-hours');
    expect(short.warning).toContain('data/raw/negative/');
    expect(fahVerdict(0, 0.5).warning).toContain('no general negative audio');
  });
});
