import { describe, expect, it } from 'vitest';
import { ComplexFft } from './fft';
import { RealFft } from './real-fft';
import { createRng } from './rng';

describe('RealFft', () => {
  it.each([2, 8, 18, 512, 1350, 46080])('matches a complex FFT of the same real input, and inverts it (n = %s)', (n) => {
    const rng = createRng(n);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    new ComplexFft(n).transform(x, null, re, im);
    const fft = new RealFft(n);
    const outRe = new Float64Array(n / 2 + 1);
    const outIm = new Float64Array(n / 2 + 1);
    fft.forward(x, outRe, outIm);
    let spectrumError = 0;
    for (let k = 0; k <= n / 2; k += 1) {
      spectrumError = Math.max(spectrumError, Math.abs((outRe[k] as number) - (re[k] as number)), Math.abs((outIm[k] as number) - (im[k] as number)));
    }
    expect(spectrumError).toBeLessThan(1e-9 * Math.sqrt(n));
    const back = new Float64Array(n);
    fft.inverse(outRe, outIm, back);
    let roundTripError = 0;
    for (let t = 0; t < n; t += 1) roundTripError = Math.max(roundTripError, Math.abs((back[t] as number) - (x[t] as number)));
    expect(roundTripError).toBeLessThan(1e-12 * Math.sqrt(n));
  });

  it('zero-pads a shorter input and rejects odd sizes', () => {
    const fft = new RealFft(8);
    const re = new Float64Array(5);
    const im = new Float64Array(5);
    fft.forward(Float64Array.of(1, 2), re, im);
    // X[k] = 1 + 2 exp(-2 pi i k / 8).
    for (let k = 0; k <= 4; k += 1) {
      expect(re[k]).toBeCloseTo(1 + 2 * Math.cos((2 * Math.PI * k) / 8), 12);
      expect(im[k]).toBeCloseTo(-2 * Math.sin((2 * Math.PI * k) / 8), 12);
    }
    expect(() => new RealFft(9)).toThrow(/even/);
  });
});
