/**
 * Vocal-tract-length perturbation (Jaitly & Hinton 2013) as a formant shift that keeps pitch and duration:
 * a short-time Fourier transform (32 ms Hann frames, 75 % overlap), in which each frame's spectral
 * envelope (cepstrally smoothed log magnitude) is warped along frequency by `alpha` while the fine
 * harmonic structure stays where it is. Every bin is multiplied by E(f / alpha) / E(f), the phases are kept,
 * and the frames are overlap-added. A longer vocal tract (alpha < 1) moves every formant down, a shorter
 * one (alpha > 1) up; the fundamental and the timing are untouched, so the result sounds like another
 * speaker saying the same thing at the same pitch (pitch and tempo have their own transforms).
 */
import { ComplexFft } from '../fft';
import { limitPeak, meanPower } from './level';
import { shiftPitch } from './speed-pitch';

/** Cepstral cut-off: quefrencies below 2 ms describe the envelope; a pitch period (f0 < 500 Hz) lies above. */
const LIFTER_SECONDS = 0.002;
/** Gain limit per bin: warping a deep spectral valley onto a strong formant must not amplify noise without bound. */
const MAX_LOG_GAIN = Math.log(10 ** (24 / 20));

const plans = new Map<number, ComplexFft>();
function planFor(size: number): ComplexFft {
  let plan = plans.get(size);
  if (!plan) {
    plan = new ComplexFft(size);
    plans.set(size, plan);
  }
  return plan;
}

/** Frame length: the power of two nearest 32 ms (512 at 16 kHz). */
function frameSize(sampleRate: number): number {
  return 2 ** Math.round(Math.log2(0.032 * sampleRate));
}

/** Same length as `signal`, formants scaled by `alpha` (0.85 = 15 % lower), RMS kept, peak at most 1. */
export function warpFormants(signal: Float32Array, alpha: number, sampleRate: number): Float32Array {
  if (!(alpha > 0)) throw new RangeError(`formant warp factor must be above 0 (got ${alpha})`);
  if (alpha === 1 || signal.length === 0) return signal.slice();
  const n = frameSize(sampleRate);
  const hop = n / 4;
  const half = n / 2;
  const lifter = Math.max(4, Math.min(half - 1, Math.floor(LIFTER_SECONDS * sampleRate)));
  const fft = planFor(n);
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
        gain[k] = Math.exp(Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, warped - (envelope[k] as number))));
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

/**
 * Voice pitch moved by `semitones` with the formants, duration and level kept: shiftPitch moves the whole
 * spectrum (fundamental and formants alike), and the inverse formant warp puts the envelope back.
 */
export function shiftVoicePitch(signal: Float32Array, semitones: number, sampleRate: number): Float32Array {
  if (semitones === 0 || signal.length === 0) return signal.slice();
  return warpFormants(shiftPitch(signal, semitones), 2 ** (-semitones / 12), sampleRate);
}
