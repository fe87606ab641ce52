import { describe, expect, it } from 'vitest';
import { logFloor, logTickLabel, logTicks, numberTick, onLogAxis, percentTick } from './log-axis';

describe('log axis helpers', () => {
  it('puts the floor one decade under the smallest positive value, ignoring zeros and gaps', () => {
    expect(logFloor([0, 0.03, null, 0.5, Number.NaN], 1e-4)).toBeCloseTo(1e-3, 12);
    expect(logFloor([0.1], 1e-4)).toBeCloseTo(1e-2, 12);
    expect(logFloor([0, null], 1e-4)).toBe(1e-4);
  });

  it('moves zeros to the floor and marks them', () => {
    expect(onLogAxis(0, 0.001)).toEqual({ y: 0.001, zero: true });
    expect(onLogAxis(0.2, 0.001)).toEqual({ y: 0.2 });
  });

  it('ticks whole decades on wide ranges and 1-2-5 steps on narrow ones', () => {
    expect(logTicks(1e-4, 1)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1]);
    expect(logTicks(0.01, 1)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(logTicks(0.3, 4)).toEqual([0.5, 1, 2]);
    expect(logTicks(0, 1)).toEqual([]);
  });

  it('labels the floor "0" and everything else by the format', () => {
    expect(logTickLabel(0.001, 0.001, percentTick)).toBe('0');
    expect(logTickLabel(0.01, 0.001, percentTick)).toBe('1%');
    expect(percentTick(0.001)).toBe('0.1%');
    expect([0.01, 0.5, 20, 1000, 10000, 2500].map(numberTick)).toEqual(['0.01', '0.5', '20', '1k', '10k', '2.5k']);
  });
});
