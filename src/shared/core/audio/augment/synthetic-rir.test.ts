import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { syntheticRir } from './synthetic-rir';

const SR = 16000;

/**
 * RT60 by Schroeder backward integration (ISO 3382): the energy decay curve from 50 ms on (past the
 * direct path and early reflections), a least-squares line through its -5 to -35 dB stretch, extrapolated to
 * 60 dB.
 */
function measuredRt60(rir: Float32Array): number {
  const start = Math.round(0.05 * SR);
  const edc = new Float64Array(rir.length - start);
  let acc = 0;
  for (let i = rir.length - 1; i >= start; i -= 1) {
    acc += (rir[i] as number) ** 2;
    edc[i - start] = acc;
  }
  const total = edc[0] as number;
  const xs: number[] = [];
  const ys: number[] = [];
  edc.forEach((e, i) => {
    const level = 10 * Math.log10(e / total);
    if (level <= -5 && level >= -35) {
      xs.push(i / SR);
      ys.push(level);
    }
  });
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  return -60 / (sxy / sxx);
}

describe('synthetic room impulse responses', () => {
  it.each([0.15, 0.3, 0.5, 0.8])('decays with the requested RT60 of %s s, within a fifth', (rt60) => {
    for (let seed = 1; seed <= 4; seed += 1) {
      const measured = measuredRt60(syntheticRir(SR, rt60, createRng(seed)));
      expect(measured / rt60, `seed ${seed}`).toBeGreaterThan(0.8);
      expect(measured / rt60, `seed ${seed}`).toBeLessThan(1.2);
    }
  });

  it('starts with the direct path, its strongest tap, and is seeded-deterministic', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const rir = syntheticRir(SR, 0.6, createRng(seed));
      expect(rir[0]).toBe(1);
      let peak = 0;
      for (let i = 1; i < rir.length; i += 1) peak = Math.max(peak, Math.abs(rir[i] as number));
      expect(peak).toBeLessThan(1);
      expect(rir.every(Number.isFinite)).toBe(true);
    }
    expect(syntheticRir(SR, 0.4, createRng(7))).toEqual(syntheticRir(SR, 0.4, createRng(7)));
    expect(syntheticRir(SR, 0.4, createRng(7))).not.toEqual(syntheticRir(SR, 0.4, createRng(8)));
  });

  it('honours the direct-to-reverberant ratio', () => {
    const rir = syntheticRir(SR, 0.5, createRng(3), { drrDb: 0 });
    // Direct (sample 0) against everything after it; early reflections add a little to the reverberant part.
    const rest = rir.slice(1).reduce((s, v) => s + v * v, 0);
    expect(10 * Math.log10(1 / rest)).toBeGreaterThan(-3);
    expect(10 * Math.log10(1 / rest)).toBeLessThan(1);
  });

  it('rejects a non-positive RT60', () => {
    expect(() => syntheticRir(SR, 0, createRng(1))).toThrow(/RT60/);
  });
});
