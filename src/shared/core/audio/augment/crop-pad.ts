/**
 * Fitting clips to the configured duration. Positives keep the wake word inside the window: the crop
 * follows the loudest stretch (energy alignment) and short clips are centred; negatives crop and pad
 * at random positions so the model cannot learn "speech is always in the middle".
 */
import type { Rng } from '../rng';

export type Alignment = 'energy' | 'centre' | 'random';

/** Start of the `length`-sample window with the most energy (first one on ties). */
export function loudestWindowStart(signal: Float32Array, length: number): number {
  if (signal.length <= length) return 0;
  let energy = 0;
  for (let i = 0; i < length; i += 1) energy += (signal[i] as number) ** 2;
  let best = energy;
  let bestStart = 0;
  for (let start = 1; start + length <= signal.length; start += 1) {
    energy += (signal[start + length - 1] as number) ** 2 - (signal[start - 1] as number) ** 2;
    if (energy > best * (1 + 1e-12)) {
      best = energy;
      bestStart = start;
    }
  }
  return bestStart;
}

/**
 * Window start for a positive: the loudest window, then re-centred on that window's energy centroid so a
 * word shorter than the window sits in the middle rather than against an edge.
 */
export function energyAlignedStart(signal: Float32Array, length: number): number {
  if (signal.length <= length) return 0;
  const start = loudestWindowStart(signal, length);
  let weighted = 0;
  let total = 0;
  for (let i = start; i < start + length; i += 1) {
    const e = (signal[i] as number) ** 2;
    weighted += e * i;
    total += e;
  }
  if (total === 0) return start;
  const centre = Math.round(weighted / total);
  return Math.max(0, Math.min(signal.length - length, centre - Math.floor(length / 2)));
}

/** A new array of exactly `length` samples. `rng` is needed for 'random' alignment. */
export function cropOrPad(signal: Float32Array, length: number, alignment: Alignment, rng?: Rng): Float32Array {
  const out = new Float32Array(length);
  const pick = (span: number): number => {
    if (span <= 0) return 0;
    if (alignment === 'random') {
      if (!rng) throw new Error("cropOrPad: 'random' alignment needs an rng");
      return rng.int(0, span);
    }
    return Math.floor(span / 2);
  };
  if (signal.length >= length) {
    const start = alignment === 'energy' ? energyAlignedStart(signal, length) : pick(signal.length - length);
    out.set(signal.subarray(start, start + length));
  } else {
    out.set(signal, pick(length - signal.length));
  }
  return out;
}
