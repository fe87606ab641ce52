import { describe, expect, it } from 'vitest';
import { Resampler, mixToMono, resample } from './resample';

function tone(freq: number, rate: number, seconds: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, n) => amplitude * Math.sin((2 * Math.PI * freq * n) / rate));
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let acc = 0;
  for (let i = from; i < to; i += 1) acc += (x[i] as number) ** 2;
  return Math.sqrt(acc / (to - from));
}

/** Magnitude of the signal's component at `freq` (single-bin DFT), as an amplitude. */
function amplitudeAt(x: Float32Array, freq: number, rate: number, from: number, to: number): number {
  let re = 0;
  let im = 0;
  for (let n = from; n < to; n += 1) {
    re += (x[n] as number) * Math.cos((2 * Math.PI * freq * n) / rate);
    im -= (x[n] as number) * Math.sin((2 * Math.PI * freq * n) / rate);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

describe('Resampler', () => {
  it('keeps a 1 kHz tone at 44.1 kHz at 1 kHz and at the same level at 16 kHz', () => {
    const input = tone(1000, 44100, 1, 0.5);
    const out = resample(input, 44100, 16000);
    expect(out.length).toBe(16000);
    // Away from the edges (the filter's half-width), the output is the ideal 16 kHz sampling of the tone.
    const from = 200;
    const to = 15800;
    expect(Math.abs(db(rms(out, from, to) / (0.5 / Math.SQRT2)))).toBeLessThan(0.05);
    expect(amplitudeAt(out, 1000, 16000, from, to)).toBeCloseTo(0.5, 2);
    let worst = 0;
    for (let n = from; n < to; n += 1) worst = Math.max(worst, Math.abs((out[n] as number) - 0.5 * Math.sin((2 * Math.PI * 1000 * n) / 16000)));
    expect(worst).toBeLessThan(1e-3);
  });

  it('removes a 10 kHz tone (above the 8 kHz output Nyquist) by at least 60 dB instead of aliasing it to 6 kHz', () => {
    const input = tone(10000, 44100, 1, 0.5);
    const out = resample(input, 44100, 16000);
    expect(out.length).toBe(16000);
    // Steady state: skip the filter's half-width (32 output samples) where the tone's abrupt start/end sit.
    const from = 64;
    const to = out.length - 64;
    expect(db(rms(out, from, to) / rms(input))).toBeLessThan(-60);
    expect(db(amplitudeAt(out, 6000, 16000, from, to) / 0.5)).toBeLessThan(-60);
    // With 10 ms fades (no broadband click at the edges) the whole output is down too.
    const faded = input.map((v, n) => v * Math.min(1, n / 441, (input.length - 1 - n) / 441));
    expect(db(rms(resample(faded, 44100, 16000)) / rms(faded))).toBeLessThan(-60);
  });

  it('differs from naive decimation, which aliases', () => {
    const input = tone(10000, 48000, 0.5, 0.5);
    const naive = Float32Array.from({ length: input.length / 3 }, (_, i) => input[i * 3] as number);
    const proper = resample(input, 48000, 16000);
    expect(db(rms(naive) / rms(input))).toBeGreaterThan(-1);
    expect(db(rms(proper, 64, proper.length - 64) / rms(input))).toBeLessThan(-60);
  });

  it('upsamples 8 kHz to 16 kHz keeping a 440 Hz tone', () => {
    const out = resample(tone(440, 8000, 0.5, 0.3), 8000, 16000);
    expect(out.length).toBe(8000);
    for (let n = 200; n < 7800; n += 97) expect(out[n]).toBeCloseTo(0.3 * Math.sin((2 * Math.PI * 440 * n) / 16000), 3);
  });

  it('handles ratios with too many phases for a table (direct kernel evaluation)', () => {
    const out = new Resampler(44099, 16000).process(tone(1000, 44099, 0.3, 0.5));
    expect(Math.abs(db(amplitudeAt(out, 1000, 16000, 200, out.length - 200) / 0.5))).toBeLessThan(0.05);
  });

  it('returns a copy when the rates match and rejects bad rates', () => {
    const input = tone(100, 16000, 0.1, 0.5);
    const out = resample(input, 16000, 16000);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(() => new Resampler(0, 16000)).toThrow(/positive whole numbers/);
    expect(() => new Resampler(44100.5, 16000)).toThrow(/positive whole numbers/);
  });
});

describe('mixToMono', () => {
  it('averages channels and keeps mono as is', () => {
    const left = Float32Array.from([1, 0.5, -1]);
    const right = Float32Array.from([0, 0.5, 1]);
    expect(Array.from(mixToMono([left, right]))).toEqual([0.5, 0.5, 0]);
    expect(mixToMono([left])).toBe(left);
    expect(mixToMono([]).length).toBe(0);
  });
});

describe('Resampler with the interpolated kernel', () => {
  // Random speed and pitch build a converter per call; the interpolated table must match the exact one.
  const noise = Float32Array.from({ length: 8000 }, (_, n) => 0.9 * Math.sin(n * 0.37) * Math.cos(n * 0.0113) + 0.05 * Math.sin(n * 2.9));
  it.each([
    [1187, 1000],
    [749, 1000],
    [1414, 1000],
    [1000, 1093],
    [44100, 16000],
  ])('gives the exact converter\'s output within 1e-6, a thirtieth of a 16-bit step (%s -> %s)', (from, to) => {
    const options = { zeroCrossings: 16, rolloff: 0.95 };
    const exact = new Resampler(from, to, options).process(noise);
    const fast = new Resampler(from, to, { ...options, interpolatedKernel: true }).process(noise);
    expect(fast.length).toBe(exact.length);
    let worst = 0;
    let differs = false;
    for (let i = 0; i < exact.length; i += 1) {
      worst = Math.max(worst, Math.abs((fast[i] as number) - (exact[i] as number)));
      differs ||= fast[i] !== exact[i];
    }
    expect(worst).toBeLessThan(1e-6);
    // It is an approximation (were it identical, this test would not be measuring the interpolation).
    expect(differs).toBe(true);
  });
});
