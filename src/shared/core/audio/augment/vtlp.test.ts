import { describe, expect, it } from 'vitest';
import { ComplexFft } from '../fft';
import { limitPeak, meanPower } from './level';
import { autocorrelationF0, countBadSamples, harmonicCentroid, syntheticVowel, whiteNoise } from './test-signals';
import { shiftPitch } from './speed-pitch';
import { shiftVoicePitch, warpFormants } from './vtlp';

const SR = 16000;
const F0 = 120;
const vowel = syntheticVowel(24000, SR, F0, 1000, 300);
// Measure away from the edges, where every sample had full overlap-add support.
const FROM = 4000;
const TO = 20000;

describe('vocal-tract-length perturbation (formant warp)', () => {
  it.each([0.85, 0.9, 1.1, 1.15])('moves the formant by about alpha = %s while the fundamental stays', (alpha) => {
    const before = harmonicCentroid(vowel, F0, SR, FROM, TO);
    const out = warpFormants(vowel, alpha, SR);
    const after = harmonicCentroid(out, F0, SR, FROM, TO);
    expect(before).toBeGreaterThan(950);
    expect(before).toBeLessThan(1050);
    expect(after / before).toBeGreaterThan(alpha - 0.05);
    expect(after / before).toBeLessThan(alpha + 0.05);
    // Moved the right way, and by more than half the requested shift.
    expect(Math.abs(after / before - 1)).toBeGreaterThan(0.5 * Math.abs(alpha - 1));
    expect(autocorrelationF0(out, SR, FROM, TO) / autocorrelationF0(vowel, SR, FROM, TO)).toBeCloseTo(1, 2);
    expect(out.length).toBe(vowel.length);
  });

  it('changes nothing at alpha 1 and keeps the level otherwise', () => {
    expect(warpFormants(vowel, 1, SR)).toEqual(vowel);
    const out = warpFormants(vowel, 1.1, SR);
    const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(rms(out) / rms(vowel)).toBeCloseTo(1, 1);
  });

  it('is deterministic, finite and within [-1, 1] on full-scale input', () => {
    const loud = whiteNoise(16000, 3, 1);
    for (const alpha of [0.7, 1.4]) {
      const out = warpFormants(loud, alpha, SR);
      expect(out).toEqual(warpFormants(loud, alpha, SR));
      expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
      expect(out.length).toBe(loud.length);
    }
    expect(countBadSamples(warpFormants(new Float32Array(5000), 1.2, SR))).toEqual({ nan: 0, outside: 0 });
    expect(warpFormants(new Float32Array(0), 1.2, SR).length).toBe(0);
  });

  it('rejects a non-positive factor', () => {
    expect(() => warpFormants(vowel, 0, SR)).toThrow(/above 0/);
  });
});

describe('voice pitch with the formants kept', () => {
  it.each([-5, 4, 8])('moves the fundamental by %s semitones while the formant stays, unlike a plain pitch shift', (semitones) => {
    const ratio = 2 ** (semitones / 12);
    const out = shiftVoicePitch(vowel, semitones, SR);
    expect(out.length).toBe(vowel.length);
    expect(autocorrelationF0(out, SR, FROM, TO) / autocorrelationF0(vowel, SR, FROM, TO)).toBeCloseTo(ratio, 1);
    // The formant (harmonic-weighted centroid near 1 kHz) stays within 12 % (at F0 190 Hz the harmonics sample
    // it coarsely); shiftPitch alone moves it with F0 (by 59 % at 8 semitones).
    const formant = harmonicCentroid(out, F0 * ratio, SR, FROM, TO) / harmonicCentroid(vowel, F0, SR, FROM, TO);
    expect(Math.abs(formant - 1)).toBeLessThan(0.12);
    const tape = harmonicCentroid(shiftPitch(vowel, semitones), F0 * ratio, SR, FROM, TO) / harmonicCentroid(vowel, F0, SR, FROM, TO);
    expect(Math.abs(tape - ratio)).toBeLessThan(Math.abs(formant - ratio));
    expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
  });

  it('changes nothing at 0 semitones', () => {
    expect(shiftVoicePitch(vowel, 0, SR)).toEqual(vowel);
  });
});

/** warpFormants as it was before the real-FFT rewrite: four complex 512-point transforms per frame. */
function warpFormantsReference(signal: Float32Array, alpha: number, sampleRate: number): Float32Array {
  if (!(alpha > 0)) throw new RangeError(`formant warp factor must be above 0 (got ${alpha})`);
  if (alpha === 1 || signal.length === 0) return signal.slice();
  const n = 2 ** Math.round(Math.log2(0.032 * sampleRate));
  const maxLogGain = Math.log(10 ** (24 / 20));
  const hop = n / 4;
  const half = n / 2;
  const lifter = Math.max(4, Math.min(half - 1, Math.floor(0.002 * sampleRate)));
  const fft = new ComplexFft(n);
  const window = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const fr = new Float64Array(n);
  const fi = new Float64Array(n);
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  const envelope = new Float64Array(half + 1);
  const gain = new Float64Array(half + 1);
  const out = new Float64Array(signal.length);
  const norm = new Float64Array(signal.length);

  // Frames start one frame before the signal so its first and last samples get full overlap-add weight.
  for (let start = -n + hop; start < signal.length; start += hop) {
    let energy = 0;
    for (let i = 0; i < n; i += 1) {
      const t = start + i;
      const v = t >= 0 && t < signal.length ? (signal[t] as number) * (window[i] as number) : 0;
      re[i] = v;
      im[i] = 0;
      energy += v * v;
    }
    if (energy > 0) {
      fft.transform(re, im, fr, fi);
      // Log magnitude (floored 120 dB below the frame's mean level), then its real cepstrum.
      const floor = (energy / n) * 1e-12 + 1e-30;
      for (let k = 0; k < n; k += 1) {
        cr[k] = 0.5 * Math.log((fr[k] as number) ** 2 + (fi[k] as number) ** 2 + floor);
        ci[k] = 0;
      }
      fft.transform(cr, ci, re, im);
      // Keep the low quefrencies (both ends of the even cepstrum) and transform back: the smooth envelope.
      for (let q = 0; q < n; q += 1) {
        const keep = q <= lifter || q >= n - lifter;
        cr[q] = keep ? (re[q] as number) / n : 0;
        ci[q] = 0;
      }
      fft.transform(cr, ci, re, im);
      for (let k = 0; k <= half; k += 1) envelope[k] = re[k] as number;
      for (let k = 0; k <= half; k += 1) {
        const source = Math.min(half, k / alpha);
        const low = Math.floor(source);
        const high = Math.min(half, low + 1);
        const frac = source - low;
        const warped = (1 - frac) * (envelope[low] as number) + frac * (envelope[high] as number);
        gain[k] = Math.exp(Math.max(-maxLogGain, Math.min(maxLogGain, warped - (envelope[k] as number))));
      }
      // Y = X * G (G even in k); the inverse FFT as conj(FFT(conj(Y))) / n, real part only.
      for (let k = 0; k < n; k += 1) {
        const g = gain[k <= half ? k : n - k] as number;
        cr[k] = (fr[k] as number) * g;
        ci[k] = -(fi[k] as number) * g;
      }
      fft.transform(cr, ci, re, im);
    } else {
      re.fill(0);
    }
    for (let i = 0; i < n; i += 1) {
      const t = start + i;
      if (t < 0 || t >= signal.length) continue;
      const w = window[i] as number;
      out[t] = (out[t] as number) + ((re[i] as number) / n) * w;
      norm[t] = (norm[t] as number) + w * w;
    }
  }
  const result = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i += 1) result[i] = (norm[i] as number) > 1e-9 ? (out[i] as number) / (norm[i] as number) : 0;
  // Moving formants changes the level (a formant warped onto a stronger region); keep the input's loudness.
  const before = meanPower(signal);
  const after = meanPower(result);
  if (after > 0 && before > 0) {
    const scale = Math.sqrt(before / after);
    for (let i = 0; i < result.length; i += 1) result[i] = (result[i] as number) * scale;
  }
  return limitPeak(result);
}


describe('warpFormants equals the four-transform reference', () => {
  // Speech-like input: a vowel with a gliding formant, a noise burst (a fricative) and silence.
  const glide = syntheticVowel(16000, SR, 140, 700, 250);
  const burst = whiteNoise(4000, 9, 0.3);
  const speech = new Float32Array(32000);
  speech.set(glide, 6000);
  speech.set(burst, 23000);
  it.each([0.8, 0.93, 1.07, 1.25])('alpha %s: the same samples within 1e-5 (float32 rounding of a float64 computation)', (alpha) => {
    const expected = warpFormantsReference(speech, alpha, SR);
    const actual = warpFormants(speech, alpha, SR);
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    let peak = 0;
    let moved = 0;
    for (let i = 0; i < expected.length; i += 1) {
      worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
      peak = Math.max(peak, Math.abs(expected[i] as number));
      moved = Math.max(moved, Math.abs((expected[i] as number) - (speech[i] as number)));
    }
    expect(peak).toBeGreaterThan(0.1);
    // The warp itself changes samples by far more than the tolerance, so the comparison can fail.
    expect(moved).toBeGreaterThan(0.01);
    expect(worst).toBeLessThan(1e-5);
  });
});
