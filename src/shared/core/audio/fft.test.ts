import { describe, expect, it } from 'vitest';
import { ComplexFft, RealPowerSpectrum } from './fft';

function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    for (let j = 0; j < n; j += 1) {
      const phase = (-2 * Math.PI * ((k * j) % n)) / n;
      outRe[k] = (outRe[k] as number) + (re[j] as number) * Math.cos(phase) - (im[j] as number) * Math.sin(phase);
      outIm[k] = (outIm[k] as number) + (re[j] as number) * Math.sin(phase) + (im[j] as number) * Math.cos(phase);
    }
  }
  return { re: outRe, im: outIm };
}

function randomArray(n: number, seed: number): Float64Array {
  let state = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = state / 1073741824 - 1;
  }
  return out;
}

describe('ComplexFft', () => {
  // Sizes covering every butterfly: 4, 2, 3, 5, generic (7, 17), primes and n_fft=400's half.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 30, 49, 60, 100, 128, 200, 255, 400, 17 * 3])('matches a naive DFT for n=%i', (n) => {
    const re = randomArray(n, n);
    const im = randomArray(n, n + 7);
    const expected = naiveDft(re, im);
    const fft = new ComplexFft(n);
    const outRe = new Float64Array(n);
    const outIm = new Float64Array(n);
    fft.transform(re, im, outRe, outIm);
    for (let k = 0; k < n; k += 1) {
      expect(outRe[k]).toBeCloseTo(expected.re[k] as number, 9);
      expect(outIm[k]).toBeCloseTo(expected.im[k] as number, 9);
    }
  });

  it('rejects a non-positive size', () => {
    expect(() => new ComplexFft(0)).toThrow(/positive whole number/);
  });
});

describe('RealPowerSpectrum', () => {
  it.each([400, 512, 255, 64, 2])('equals |DFT|^2 of a real frame for n=%i', (n) => {
    const frame = randomArray(n, 3 * n);
    const expected = naiveDft(frame, new Float64Array(n));
    const spectrum = new RealPowerSpectrum(n);
    const power = new Float64Array(spectrum.bins);
    spectrum.compute(frame, power);
    expect(spectrum.bins).toBe(Math.floor(n / 2) + 1);
    for (let k = 0; k < spectrum.bins; k += 1) {
      const r = expected.re[k] as number;
      const i = expected.im[k] as number;
      expect(power[k]).toBeCloseTo(r * r + i * i, 7);
    }
  });

  it('puts a bin-centred sine into exactly its bin', () => {
    const n = 400;
    const frame = new Float64Array(n);
    for (let j = 0; j < n; j += 1) frame[j] = Math.cos((2 * Math.PI * 25 * j) / n);
    const spectrum = new RealPowerSpectrum(n);
    const power = new Float64Array(spectrum.bins);
    spectrum.compute(frame, power);
    expect(power[25]).toBeCloseTo((n / 2) ** 2, 6);
    expect(power[24]).toBeLessThan(1e-18);
    expect(power[26]).toBeLessThan(1e-18);
  });
});
