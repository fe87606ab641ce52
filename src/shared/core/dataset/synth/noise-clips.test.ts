import { describe, expect, it } from 'vitest';
import { createRng } from '../../audio/rng';
import { NOISE_KINDS, noiseClip } from './noise-clips';

describe('noiseClip', () => {
  it.each(NOISE_KINDS)('%s: the requested length and peak, faded in, reproducible', (kind) => {
    const clip = noiseClip(kind, 0.5, 16000, 0.4, createRng(5));
    expect(clip).toHaveLength(8000);
    const peak = clip.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeCloseTo(0.4, 5);
    expect(clip[0]).toBe(0);
    expect(noiseClip(kind, 0.5, 16000, 0.4, createRng(5))).toEqual(clip);
    expect(noiseClip(kind, 0.5, 16000, 0.4, createRng(6))).not.toEqual(clip);
  });

  it('puts mains hum energy at 50 or 60 Hz', () => {
    const clip = noiseClip('hum', 1, 16000, 0.5, createRng(1));
    const power = (f: number): number => {
      let re = 0;
      let im = 0;
      clip.forEach((v, i) => {
        re += v * Math.cos((2 * Math.PI * f * i) / 16000);
        im += v * Math.sin((2 * Math.PI * f * i) / 16000);
      });
      return re * re + im * im;
    };
    expect(Math.max(power(50), power(60))).toBeGreaterThan(100 * power(440));
  });
});
