import { describe, expect, it } from 'vitest';
import { learningRateAt, type ScheduleConfig } from './lr-schedule';

const base: ScheduleConfig = { lr: 0.01, min_lr: 0.0001, schedule: 'cosine', warmup_epochs: 0, step_size: 10, gamma: 0.5, plateau_patience: 3 };

describe('learningRateAt', () => {
  it('warms up linearly before the schedule starts', () => {
    const config = { ...base, warmup_epochs: 3 };
    expect([1, 2, 3].map((e) => learningRateAt(config, e, 10))).toEqual([0.0025, 0.005, 0.0075]);
    expect(learningRateAt(config, 4, 10)).toBeCloseTo(0.01, 12);
  });

  it('anneals by cosine from lr to min_lr', () => {
    expect(learningRateAt(base, 1, 11)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(base, 6, 11)).toBeCloseTo(0.0001 + (0.0099 * (1 + Math.cos(Math.PI * 0.5))) / 2, 12);
    expect(learningRateAt(base, 11, 11)).toBeCloseTo(0.0001, 12);
  });

  it('decays by gamma every step_size epochs, not below min_lr', () => {
    const config = { ...base, schedule: 'step' as const, step_size: 2 };
    expect([1, 2, 3, 4, 5].map((e) => learningRateAt(config, e, 10))).toEqual([0.01, 0.01, 0.005, 0.005, 0.0025]);
    expect(learningRateAt(config, 99, 100)).toBe(0.0001);
  });

  it('decays on plateau by the number of decays so far', () => {
    const config = { ...base, schedule: 'plateau' as const };
    expect(learningRateAt(config, 5, 10, 0)).toBe(0.01);
    expect(learningRateAt(config, 5, 10, 2)).toBe(0.0025);
  });
});
