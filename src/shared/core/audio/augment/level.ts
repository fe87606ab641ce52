/** Time shift, gain and signal power helpers shared by the augmentations. */

export function meanPower(signal: Float32Array): number {
  if (signal.length === 0) return 0;
  let acc = 0;
  for (let i = 0; i < signal.length; i += 1) acc += (signal[i] as number) ** 2;
  return acc / signal.length;
}

/** Shifts by `shift` samples (positive = later), filling with silence; the length is unchanged. */
export function timeShift(signal: Float32Array, shift: number): Float32Array {
  const out = new Float32Array(signal.length);
  const s = Math.round(shift);
  if (Math.abs(s) >= signal.length) return out;
  if (s >= 0) out.set(signal.subarray(0, signal.length - s), s);
  else out.set(signal.subarray(-s));
  return out;
}

export function applyGain(signal: Float32Array, decibels: number): Float32Array {
  const factor = 10 ** (decibels / 20);
  return signal.map((v) => v * factor);
}

/**
 * Scales the whole signal down when its peak exceeds `ceiling` (never up, never clipping): band-limited
 * resampling and filtering can overshoot a full-scale input slightly (Gibbs ringing).
 */
export function limitPeak(signal: Float32Array, ceiling = 1): Float32Array {
  let peak = 0;
  for (let i = 0; i < signal.length; i += 1) peak = Math.max(peak, Math.abs(signal[i] as number));
  if (!(peak > ceiling)) return signal;
  const scale = ceiling / peak;
  for (let i = 0; i < signal.length; i += 1) signal[i] = (signal[i] as number) * scale;
  return signal;
}
