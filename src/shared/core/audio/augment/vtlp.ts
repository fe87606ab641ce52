/**
 * Vocal-tract-length perturbation (Jaitly & Hinton 2013) as a formant shift that keeps pitch and duration:
 * a short-time Fourier transform (32 ms Hann frames, 75 % overlap), in which each frame's spectral
 * envelope (cepstrally smoothed log magnitude) is warped along frequency by `alpha` while the fine
 * harmonic structure stays where it is. Every bin is multiplied by E(f / alpha) / E(f), the phases are kept,
 * and the frames are overlap-added. A longer vocal tract (alpha < 1) moves every formant down, a shorter
 * one (alpha > 1) up; the fundamental and the timing are untouched, so the result sounds like another
 * speaker saying the same thing at the same pitch (pitch and tempo have their own transforms).
 */
import { RealFft } from '../real-fft';
import { limitPeak, meanPower } from './level';
import { shiftPitch } from './speed-pitch';

/** Cepstral cut-off: quefrencies below 2 ms describe the envelope; a pitch period (f0 < 500 Hz) lies above. */
const LIFTER_SECONDS = 0.002;
/** Gain limit per bin: warping a deep spectral valley onto a strong formant must not amplify noise without bound. */
const MAX_LOG_GAIN = Math.log(10 ** (24 / 20));

/**
 * Everything a warp at one sample rate reuses: the real FFT, the window and the per-frame buffers. The frame,
 * the log spectrum and the liftered cepstrum are all real, so each of the four transforms per frame is a real
 * FFT (half a complex one) and only half the bins are computed (logs included).
 */
interface WarpPlan {
  readonly n: number;
  readonly half: number;
  readonly lifter: number;
  readonly fft: RealFft;
  readonly window: Float64Array;
  readonly frame: Float64Array;
  readonly xr: Float64Array;
  readonly xi: Float64Array;
  /** A real even sequence of n values: the log spectrum, then the liftered cepstrum. */
  readonly even: Float64Array;
  readonly cr: Float64Array;
  readonly ci: Float64Array;
  readonly envelope: Float64Array;
  readonly y: Float64Array;
}

const plans = new Map<number, WarpPlan>();
function planFor(sampleRate: number): WarpPlan {
  let plan = plans.get(sampleRate);
  if (!plan) {
    const n = frameSize(sampleRate);
    const half = n / 2;
    const lifter = Math.max(4, Math.min(half - 1, Math.floor(LIFTER_SECONDS * sampleRate)));
    plan = {
      n,
      half,
      lifter,
      fft: new RealFft(n),
      window: Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)),
      frame: new Float64Array(n),
      xr: new Float64Array(half + 1),
      xi: new Float64Array(half + 1),
      even: new Float64Array(n),
      cr: new Float64Array(half + 1),
      ci: new Float64Array(half + 1),
      envelope: new Float64Array(half + 1),
      y: new Float64Array(n),
    };
    plans.set(sampleRate, plan);
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
  const { n, half, lifter, fft, window, frame, xr, xi, even, cr, ci, envelope, y } = planFor(sampleRate);
  const hop = n / 4;
  const out = new Float64Array(signal.length);
  const norm = new Float64Array(signal.length);
  // Where each bin reads the envelope from (k / alpha, between two bins): the same in every frame.
  const lows = new Int32Array(half + 1);
  const highs = new Int32Array(half + 1);
  const fracs = new Float64Array(half + 1);
  for (let k = 0; k <= half; k += 1) {
    const source = Math.min(half, k / alpha);
    const low = Math.floor(source);
    lows[k] = low;
    highs[k] = Math.min(half, low + 1);
    fracs[k] = source - low;
  }

  // Frames start one frame before the signal so its first and last samples get full overlap-add weight.
  for (let start = -n + hop; start < signal.length; start += hop) {
    let energy = 0;
    for (let i = 0; i < n; i += 1) {
      const t = start + i;
      const v = t >= 0 && t < signal.length ? (signal[t] as number) * (window[i] as number) : 0;
      frame[i] = v;
      energy += v * v;
    }
    if (energy > 0) {
      fft.forward(frame, xr, xi);
      // Log magnitude (floored 120 dB below the frame's mean level): real and even, as is its cepstrum.
      const floor = (energy / n) * 1e-12 + 1e-30;
      for (let k = 0; k <= half; k += 1) {
        const l = 0.5 * Math.log((xr[k] as number) ** 2 + (xi[k] as number) ** 2 + floor);
        even[k] = l;
        if (k > 0 && k < half) even[n - k] = l;
      }
      fft.forward(even, cr, ci);
      // Keep the low quefrencies (both ends of the even cepstrum) and transform back: the smooth envelope.
      even.fill(0);
      for (let q = 0; q <= lifter; q += 1) {
        const c = (cr[q] as number) / n;
        even[q] = c;
        if (q > 0) even[n - q] = c;
      }
      fft.forward(even, envelope, ci);
      // Y = X * E(f / alpha) / E(f) (a real, even gain, so y stays real), then back to time.
      for (let k = 0; k <= half; k += 1) {
        const frac = fracs[k] as number;
        const warped = (1 - frac) * (envelope[lows[k] as number] as number) + frac * (envelope[highs[k] as number] as number);
        const g = Math.exp(Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, warped - (envelope[k] as number))));
        xr[k] = (xr[k] as number) * g;
        xi[k] = (xi[k] as number) * g;
      }
      fft.inverse(xr, xi, y);
    } else {
      y.fill(0);
    }
    for (let i = 0; i < n; i += 1) {
      const t = start + i;
      if (t < 0 || t >= signal.length) continue;
      const w = window[i] as number;
      out[t] = (out[t] as number) + (y[i] as number) * w;
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
