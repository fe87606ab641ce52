/**
 * Generated non-speech audio for the demo workspace: coloured noise, mains hum with harmonics, a fan-like
 * band of noise. Negatives teach the model that "not speech" is not the wake word; longer clips serve as
 * background for augmentation.
 */
import { generateNoise, type NoiseColour } from '../../audio/augment/noise';
import type { Rng } from '../../audio/rng';

export type NoiseKind = 'white' | 'pink' | 'brown' | 'hum' | 'fan';
export const NOISE_KINDS: readonly NoiseKind[] = ['pink', 'brown', 'hum', 'fan', 'white'];

function hum(length: number, sampleRate: number, rng: Rng): Float32Array {
  const mains = rng.chance(0.5) ? 50 : 60;
  const out = new Float32Array(length);
  const harmonics = [1, 2, 3, 5].map((h) => ({ f: mains * h, a: rng.uniform(0.2, 1) / h, phase: rng.uniform(0, 2 * Math.PI) }));
  const floor = generateNoise(length, rng, 'pink');
  for (let i = 0; i < length; i++) {
    let v = 0.02 * (floor[i] as number);
    for (const { f, a, phase } of harmonics) v += a * Math.sin((2 * Math.PI * f * i) / sampleRate + phase);
    out[i] = v;
  }
  return out;
}

function fan(length: number, rng: Rng): Float32Array {
  // White noise through a resonant two-pole band-pass, slowly wobbling like a fan's blades.
  const white = generateNoise(length, rng, 'white');
  const out = new Float32Array(length);
  const r = 0.995;
  const centre = rng.uniform(0.02, 0.08) * Math.PI;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < length; i++) {
    const wobble = 1 + 0.15 * Math.sin((2 * Math.PI * i) / 4000);
    const y = (white[i] as number) * (1 - r) * 4 + 2 * r * Math.cos(centre * wobble) * y1 - r * r * y2;
    y2 = y1;
    y1 = y;
    out[i] = y;
  }
  return out;
}

/** `seconds` of the chosen noise at peak level `peak` (0-1). */
export function noiseClip(kind: NoiseKind, seconds: number, sampleRate: number, peak: number, rng: Rng): Float32Array {
  const length = Math.round(seconds * sampleRate);
  const raw = kind === 'hum' ? hum(length, sampleRate, rng) : kind === 'fan' ? fan(length, rng) : generateNoise(length, rng, kind as NoiseColour);
  let max = 0;
  for (let i = 0; i < length; i++) max = Math.max(max, Math.abs(raw[i] as number));
  const gain = max > 0 ? peak / max : 0;
  for (let i = 0; i < length; i++) raw[i] = (raw[i] as number) * gain;
  // Short fades avoid clicks at the clip edges.
  const fade = Math.min(length >> 1, Math.round(sampleRate * 0.01));
  for (let i = 0; i < fade; i++) {
    const g = i / fade;
    raw[i] = (raw[i] as number) * g;
    raw[length - 1 - i] = (raw[length - 1 - i] as number) * g;
  }
  return raw;
}
