/**
 * Reverberation by convolving with a recorded room impulse response (rirs/ folder). FFT convolution
 * with real FFTs: each input's transform and the inverse cost one complex transform of half the size. The response is
 * aligned to its direct path and energy-normalised, and the wet signal is scaled to the dry signal's
 * energy, so `wet` changes only the dry/reverberant balance, never the level.
 */
import { RealFft } from '../real-fft';
import { limitPeak, meanPower } from './level';

/** A real FFT with its buffers, for one transform size. */
interface ConvolutionPlan {
  readonly fft: RealFft;
  readonly input: Float64Array;
  readonly ar: Float64Array;
  readonly ai: Float64Array;
  readonly br: Float64Array;
  readonly bi: Float64Array;
}

const plans = new Map<number, ConvolutionPlan>();

function planFor(size: number): ConvolutionPlan {
  let plan = plans.get(size);
  if (!plan) {
    const bins = size / 2 + 1;
    plan = { fft: new RealFft(size), input: new Float64Array(size), ar: new Float64Array(bins), ai: new Float64Array(bins), br: new Float64Array(bins), bi: new Float64Array(bins) };
    // A handful of sizes recur (clip length + RIR lengths); keep the cache from growing without bound.
    if (plans.size > 32) plans.clear();
    plans.set(size, plan);
  }
  return plan;
}

/**
 * Transform size for a convolution of `length` samples: even, its half (the complex transform actually run)
 * 2^a times 1, 9/8, 5/4, 3/2, 27/16 or 15/8. Six sizes per octave, at most 20 % above the length: clip and room
 * lengths vary from call to call, and a handful of sizes keeps every plan in the cache (building one costs
 * about as much as a convolution).
 */
export function convolutionSize(length: number): number {
  const half = Math.max(1, Math.ceil(length / 2));
  if (half <= 16) return 2 * 2 ** Math.ceil(Math.log2(half));
  let octave = 2 ** Math.floor(Math.log2(half));
  for (;;) {
    for (const sixteenths of [16, 18, 20, 24, 27, 30, 32]) {
      const size = (octave / 16) * sixteenths;
      if (size >= half) return 2 * size;
    }
    octave *= 2;
  }
}

/** Full linear convolution, length a.length + b.length - 1. */
export function fftConvolve(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0 || b.length === 0) return new Float32Array(0);
  const outLength = a.length + b.length - 1;
  const n = convolutionSize(outLength);
  const { fft, input, ar, ai, br, bi } = planFor(n);
  input.fill(0);
  input.set(a);
  fft.forward(input, ar, ai);
  input.fill(0);
  input.set(b);
  fft.forward(input, br, bi);
  for (let k = 0; k < ar.length; k += 1) {
    const xr = ar[k] as number;
    const xi = ai[k] as number;
    const yr = br[k] as number;
    const yi = bi[k] as number;
    ar[k] = xr * yr - xi * yi;
    ai[k] = xr * yi + xi * yr;
  }
  fft.inverse(ar, ai, input);
  return Float32Array.from(input.subarray(0, outLength));
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
  const response = normaliseRir(rir);
  // Convolve only the stretch between the first and last non-zero samples (a placed clip is padded with exact
  // silence, often half the window): the same result, from a smaller transform.
  let first = 0;
  while (first < signal.length && signal[first] === 0) first += 1;
  let last = signal.length - 1;
  while (last > first && signal[last] === 0) last -= 1;
  const reverberant = new Float32Array(signal.length);
  if (first < signal.length) {
    const tail = fftConvolve(signal.subarray(first, last + 1), response);
    reverberant.set(tail.subarray(0, signal.length - first), first);
  }
  const dryPower = meanPower(signal);
  const wetPower = meanPower(reverberant);
  const scale = wetPower > 0 ? Math.sqrt(dryPower / wetPower) : 0;
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i += 1) out[i] = (1 - wet) * (signal[i] as number) + wet * scale * (reverberant[i] as number);
  // Dry and wet peaks can add up past full scale; scale down rather than clip.
  return limitPeak(out);
}
