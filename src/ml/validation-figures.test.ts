import { describe, expect, it } from 'vitest';
import { fahEstimate } from '../shared/core/fah';
import type { ValidationSummary } from '../shared/core/metrics';
import type { StreamingMeasure } from './streaming-validation';
import { validationFigures } from './validation-figures';

const measure = (hours: number, tail: boolean): StreamingMeasure => ({
  targetFah: 0.5,
  threshold: 0.93,
  atTarget: fahEstimate(0, hours),
  at05: fahEstimate(12, hours),
  recall: 0.9,
  positives: 50,
  hardNegativeFpr: null,
  ...(tail ? { thresholdTail: { events: 20, base: -0.5, scale: 0.7, fah: 0.5 } } : {}),
});
// Only the streaming path is exercised; the per-window summary is not read there.
const summary = {} as ValidationSummary;

describe('validation figures from the streaming measure', () => {
  it('too few hours and a tail-fitted threshold: the warning says how the threshold was set', () => {
    const figures = validationFigures(summary, measure(0.45, true), 0, 0.5);
    expect(figures.thresholdAtTarget).toBe(0.93);
    expect(figures.fahEstimate).toMatchObject({ falseAccepts: 0, hours: 0.45 });
    expect(figures.fahWarning).toMatch(/cannot show that 0\.5 FA\/h is met/);
    expect(figures.fahWarning).toMatch(/20 highest-scoring false accepts, extrapolated, reach 0\.5 FA\/h: an estimate, not a count/);
  });

  it('too few hours without a tail fit: the plain warning', () => {
    const figures = validationFigures(summary, measure(0.45, false), 0, 0.5);
    expect(figures.fahWarning).toMatch(/cannot show/);
    expect(figures.fahWarning).not.toMatch(/extrapolated/);
  });

  it('enough hours: no warning', () => {
    expect(validationFigures(summary, measure(7, false), 0, 0.5).fahWarning).toBeNull();
  });
});
