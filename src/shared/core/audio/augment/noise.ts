/**
 * Background-noise mixing at a requested signal-to-noise ratio, with generated noise as the fallback when
 * the dataset has no background/ folder. The SNR is exact by construction: the noise segment is scaled
 * so that 10*log10(P_signal / P_noise) equals the request.
 */
import type { Rng } from '../rng';
import { meanPower } from './level';

export type NoiseColour = 'white' | 'pink' | 'brown';

/** Gaussian white, pink (Paul Kellet's filter) or brown (leaky integrator) noise at unit RMS. */
export function generateNoise(length: number, rng: Rng, colour: NoiseColour = 'white'): Float32Array {
  const out = new Float32Array(length);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  let brown = 0;
  for (let i = 0; i < length; i += 1) {
    const white = rng.normal();
    if (colour === 'white') {
      out[i] = white;
    } else if (colour === 'pink') {
      b0 = 0.99886 * b0 + white * 0.0555179;
      b1 = 0.99332 * b1 + white * 0.0750759;
      b2 = 0.969 * b2 + white * 0.153852;
      b3 = 0.8665 * b3 + white * 0.3104856;
      b4 = 0.55 * b4 + white * 0.5329522;
      b5 = -0.7616 * b5 - white * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
      b6 = white * 0.115926;
    } else {
      brown = 0.995 * brown + white * 0.1;
      out[i] = brown;
    }
  }
  const rms = Math.sqrt(meanPower(out));
  if (rms > 0) for (let i = 0; i < length; i += 1) out[i] = (out[i] as number) / rms;
  return out;
}

/** A `length`-sample stretch of `noise` starting at a random offset, looping a shorter recording. */
export function noiseSegment(noise: Float32Array, length: number, rng: Rng): Float32Array {
  if (noise.length === 0) throw new Error('background noise recording is empty');
  const out = new Float32Array(length);
  let position = noise.length > length ? rng.int(0, noise.length - length) : rng.int(0, noise.length - 1);
  for (let i = 0; i < length; i += 1) {
    out[i] = noise[position] as number;
    position += 1;
    if (position === noise.length) position = 0;
  }
  return out;
}

/**
 * signal + noise scaled to `snrDb` below the signal. A silent signal has no level to be relative to:
 * the noise is then mixed at `snrDb` below full-scale-ish speech level (RMS 0.1), so negatives of pure
 * silence still get realistic backgrounds.
 */
export function mixAtSnr(signal: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  if (noise.length !== signal.length) throw new RangeError(`noise has ${noise.length} samples, signal ${signal.length}`);
  const noisePower = meanPower(noise);
  if (noisePower === 0) return signal.slice();
  const signalPower = meanPower(signal) || 0.01;
  const scale = Math.sqrt(signalPower / (noisePower * 10 ** (snrDb / 10)));
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i += 1) out[i] = (signal[i] as number) + (noise[i] as number) * scale;
  return out;
}
