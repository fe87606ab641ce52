/**
 * Reverberation by convolving with a recorded room impulse response (rirs/ folder). FFT convolution
 * packs both real inputs into one complex transform, so a convolution costs two FFTs. The response is
 * aligned to its direct path and energy-normalised, and the wet signal is scaled to the dry signal's
 * energy, so `wet` changes only the dry/reverberant balance, never the level.
 */
import { ComplexFft } from '../fft';
import { limitPeak, meanPower } from './level';

const plans = new Map<number, ComplexFft>();

function planFor(size: number): ComplexFft {
  let plan = plans.get(size);
  if (!plan) {
    plan = new ComplexFft(size);
    // A handful of sizes recur (clip length + RIR lengths); keep the cache from growing without bound.
    if (plans.size > 32) plans.clear();
    plans.set(size, plan);
  }
  return plan;
}

/** Smallest 2^a 3^b 5^c >= n: sizes the mixed-radix FFT handles fastest. */
export function fastFftSize(n: number): number {
  let best = Number.MAX_SAFE_INTEGER;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let size = p35;
      while (size < n) size *= 2;
      if (size < best) best = size;
    }
  }
  return Math.max(1, best);
}

/** Full linear convolution, length a.length + b.length - 1. */
export function fftConvolve(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0 || b.length === 0) return new Float32Array(0);
  const outLength = a.length + b.length - 1;
  const n = fastFftSize(outLength);
  const fft = planFor(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(a);
  im.set(b);
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  fft.transform(re, im, zr, zi);
  // A = (Z[k] + conj Z[-k]) / 2, B = (Z[k] - conj Z[-k]) / 2i; store conj(A*B) for the inverse-by-forward trick.
  for (let k = 0; k < n; k += 1) {
    const j = k === 0 ? 0 : n - k;
    const zkr = zr[k] as number;
    const zki = zi[k] as number;
    const zjr = zr[j] as number;
    const zji = -(zi[j] as number);
    const ar = 0.5 * (zkr + zjr);
    const ai = 0.5 * (zki + zji);
    const br = 0.5 * (zki - zji);
    const bi = -0.5 * (zkr - zjr);
    re[k] = ar * br - ai * bi;
    im[k] = -(ar * bi + ai * br);
  }
  fft.transform(re, im, zr, zi);
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i += 1) out[i] = (zr[i] as number) / n;
  return out;
}

/** The response from its strongest tap (the direct path) on, scaled to unit energy. */
export function normaliseRir(rir: Float32Array): Float32Array {
  let peak = 0;
  for (let i = 1; i < rir.length; i += 1) if (Math.abs(rir[i] as number) > Math.abs(rir[peak] as number)) peak = i;
  const aligned = rir.slice(peak);
  const energy = meanPower(aligned) * aligned.length;
  if (!(energy > 0)) throw new Error('room impulse response is silent');
  const scale = 1 / Math.sqrt(energy);
  return aligned.map((v) => v * scale);
}

/** Same length as `signal`: (1 - wet) * dry + wet * reverberant, the reverberant part at the dry energy. */
export function applyReverb(signal: Float32Array, rir: Float32Array, wet: number): Float32Array {
  if (wet < 0 || wet > 1) throw new RangeError(`reverb wet fraction must be from 0 to 1 (got ${wet})`);
  const reverberant = fftConvolve(signal, normaliseRir(rir)).subarray(0, signal.length);
  const dryPower = meanPower(signal);
  const wetPower = meanPower(reverberant);
  const scale = wetPower > 0 ? Math.sqrt(dryPower / wetPower) : 0;
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i += 1) out[i] = (1 - wet) * (signal[i] as number) + wet * scale * (reverberant[i] as number);
  // Dry and wet peaks can add up past full scale; scale down rather than clip.
  return limitPeak(out);
}
