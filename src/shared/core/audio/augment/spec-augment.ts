/**
 * SpecAugment (Park et al. 2019) time and frequency masks on [frames, n_mels] features, in place.
 * Masked cells take `maskValue`: 0 after CMVN (the mean), the clip's mean otherwise.
 */
import type { Rng } from '../rng';

export interface SpecAugmentOptions {
  readonly timeMasks: number;
  /** Widest time mask, in frames (width drawn from 0..max). */
  readonly timeMaskWidth: number;
  readonly freqMasks: number;
  /** Widest frequency mask, in mel bins. */
  readonly freqMaskWidth: number;
  readonly maskValue?: number;
}

export function specAugment(features: Float32Array, nMels: number, options: SpecAugmentOptions, rng: Rng): Float32Array {
  const frames = Math.floor(features.length / nMels);
  let value = options.maskValue;
  if (value === undefined) {
    let sum = 0;
    for (let i = 0; i < features.length; i += 1) sum += features[i] as number;
    value = features.length > 0 ? sum / features.length : 0;
  }
  for (let k = 0; k < options.freqMasks; k += 1) {
    const width = rng.int(0, Math.min(options.freqMaskWidth, nMels));
    const start = rng.int(0, nMels - width);
    for (let t = 0; t < frames; t += 1) features.fill(value, t * nMels + start, t * nMels + start + width);
  }
  for (let k = 0; k < options.timeMasks; k += 1) {
    const width = rng.int(0, Math.min(options.timeMaskWidth, frames));
    const start = rng.int(0, frames - width);
    features.fill(value, start * nMels, (start + width) * nMels);
  }
  return features;
}
