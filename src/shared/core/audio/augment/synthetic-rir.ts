/**
 * Synthetic room impulse responses for workspaces without recorded ones (rirs/ empty): a direct path, a
 * handful of early reflections (walls, table, floor within the first 5-40 ms) and a late tail of Gaussian
 * noise decaying exponentially at the requested RT60 (60 dB of energy decay), the statistical model of
 * diffuse reverberation (Polack). The tail is darkened with a gentle one-pole low-pass because walls and
 * air absorb high frequencies first. Good enough to teach a detector that reverberant speech is speech.
 */
import type { Rng } from '../rng';

/** ln(1000): amplitude decays by 1000 (60 dB) over one RT60. */
const DECAY_60_DB = Math.log(1000);

export interface SyntheticRirOptions {
  /** Direct-to-reverberant energy ratio in dB; drawn from [-3, 6] when absent. */
  readonly drrDb?: number;
}

/** An impulse response of about 1.1 * rt60 seconds, direct path first (sample 0) and strongest. */
export function syntheticRir(sampleRate: number, rt60: number, rng: Rng, options: SyntheticRirOptions = {}): Float32Array {
  if (!(rt60 > 0)) throw new RangeError(`RT60 must be above 0 s (got ${rt60})`);
  const length = Math.max(2, Math.ceil(1.1 * rt60 * sampleRate));
  const rir = new Float32Array(length);
  const decayPerSample = DECAY_60_DB / (rt60 * sampleRate);
  const drrDb = options.drrDb ?? rng.uniform(-3, 6);

  // Late tail: starts after a short pre-delay (a few ms: the nearest surfaces), smoothed by a one-pole low-pass.
  const onset = Math.min(length - 1, Math.round(rng.uniform(0.002, 0.006) * sampleRate));
  const smooth = rng.uniform(0.1, 0.4);
  let state = 0;
  let tailEnergy = 0;
  for (let i = onset; i < length; i += 1) {
    state = (1 - smooth) * rng.normal() + smooth * state;
    const v = state * Math.exp(-decayPerSample * i);
    rir[i] = v;
    tailEnergy += v * v;
  }
  // Direct path has unit energy; scale the tail to the requested direct-to-reverberant ratio.
  const tailScale = tailEnergy > 0 ? Math.sqrt(10 ** (-drrDb / 10) / tailEnergy) : 0;
  for (let i = onset; i < length; i += 1) rir[i] = (rir[i] as number) * tailScale;

  // Early reflections: sparse taps whose strength follows the same decay, below the direct path.
  const reflections = rng.int(3, 7);
  for (let r = 0; r < reflections; r += 1) {
    const at = Math.min(length - 1, Math.round(rng.uniform(0.005, 0.04) * sampleRate));
    const strength = rng.uniform(0.15, 0.6) * Math.exp(-decayPerSample * at) * (rng.chance(0.5) ? 1 : -1);
    rir[at] = (rir[at] as number) + strength;
  }
  // Keep the direct path the strongest tap (applyReverb aligns to the strongest one).
  let peak = 0;
  for (let i = 1; i < length; i += 1) peak = Math.max(peak, Math.abs(rir[i] as number));
  if (peak >= 0.9) for (let i = 1; i < length; i += 1) rir[i] = ((rir[i] as number) * 0.9) / peak;
  rir[0] = 1;
  return rir;
}
