import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { meanPower } from './level';
import { generateNoise, mixAtSnr, noiseSegment } from './noise';

function speechLike(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000) * (0.5 + 0.5 * Math.sin((2 * Math.PI * 3 * i) / 16000)));
}

describe('mixAtSnr', () => {
  it.each([-5, 0, 5, 12.5, 20, 40])('measured SNR after mixing equals the requested %s dB within 0.5 dB', (snr) => {
    const rng = createRng(11);
    const signal = speechLike(16000);
    const recording = generateNoise(40000, rng, 'pink');
    const noise = noiseSegment(recording, signal.length, rng);
    const mixed = mixAtSnr(signal, noise, snr);
    const addedNoise = mixed.map((v, i) => v - (signal[i] as number));
    const measured = 10 * Math.log10(meanPower(signal) / meanPower(addedNoise));
    expect(Math.abs(measured - snr)).toBeLessThan(0.5);
  });

  it('still adds noise to a silent clip and leaves a clip alone for silent noise', () => {
    const silent = new Float32Array(1000);
    const noise = generateNoise(1000, createRng(1));
    expect(meanPower(mixAtSnr(silent, noise, 10))).toBeGreaterThan(0);
    const signal = speechLike(1000);
    expect(mixAtSnr(signal, new Float32Array(1000), 10)).toEqual(signal);
    expect(() => mixAtSnr(signal, new Float32Array(5), 10)).toThrow(/noise has 5 samples, signal 1000/);
  });
});

describe('generated noise and noise segments', () => {
  it('generates unit-RMS noise of each colour, reproducibly', () => {
    for (const colour of ['white', 'pink', 'brown'] as const) {
      const a = generateNoise(8000, createRng(3), colour);
      expect(meanPower(a)).toBeCloseTo(1, 6);
      expect(generateNoise(8000, createRng(3), colour)).toEqual(a);
    }
  });

  it('pink and brown noise have more low- than high-frequency energy; white has neither', () => {
    const tilt = (x: Float32Array): number => {
      const diff = x.subarray(1).map((v, i) => v - (x[i] as number));
      return meanPower(diff) / meanPower(x);
    };
    const white = tilt(generateNoise(20000, createRng(4), 'white'));
    const pink = tilt(generateNoise(20000, createRng(4), 'pink'));
    const brown = tilt(generateNoise(20000, createRng(4), 'brown'));
    expect(white).toBeCloseTo(2, 1);
    expect(pink).toBeLessThan(white);
    expect(brown).toBeLessThan(pink);
  });

  it('loops a recording shorter than the clip and refuses an empty one', () => {
    const recording = Float32Array.from([1, 2, 3]);
    const segment = noiseSegment(recording, 7, createRng(2));
    for (let i = 1; i < 7; i += 1) expect(segment[i]).toBe(((segment[i - 1] as number) % 3) + 1);
    expect(() => noiseSegment(new Float32Array(0), 7, createRng(2))).toThrow(/empty/);
  });
});
