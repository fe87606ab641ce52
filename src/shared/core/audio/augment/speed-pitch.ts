/**
 * Speed perturbation (tempo and pitch together, as Kaldi's "speed perturb") by band-limited resampling,
 * pitch shifting (same duration) by resampling followed by a WSOLA time stretch back to length, and tempo
 * change (same pitch) by a WSOLA time stretch alone.
 */
import { Resampler } from '../resample';
import { limitPeak } from './level';

const resamplers = new Map<string, Resampler>();

function resamplerFor(from: number, to: number): Resampler {
  const key = `${from}:${to}`;
  let resampler = resamplers.get(key);
  if (!resampler) {
    if (resamplers.size > 64) resamplers.clear();
    resampler = new Resampler(from, to, { zeroCrossings: 16, rolloff: 0.95, interpolatedKernel: true });
    resamplers.set(key, resampler);
  }
  return resampler;
}

/** Plays `signal` `factor` times faster: length / factor samples, pitch up by factor. */
export function changeSpeed(signal: Float32Array, factor: number): Float32Array {
  if (!(factor > 0)) throw new RangeError(`speed factor must be above 0 (got ${factor})`);
  // Rational approximation with a 1/1000 step: factor 1.1 -> 1100/1000, resampled as 1100 Hz -> 1000 Hz.
  const from = Math.round(factor * 1000);
  if (from === 1000) return signal.slice();
  // The sinc can overshoot a full-scale input slightly; scale down rather than clip.
  return limitPeak(resamplerFor(from, 1000).process(signal));
}

/**
 * WSOLA: overlap-add Hann-windowed frames taken at the stretched positions, each nudged within
 * +-tolerance to best continue the previous frame (so periodic sounds stay in phase).
 */
export function timeStretch(signal: Float32Array, outLength: number, frame = 512): Float32Array {
  const out = new Float32Array(outLength);
  if (signal.length === 0 || outLength === 0) return out;
  const hop = frame / 2;
  const tolerance = frame / 4;
  const window = Float32Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const norm = new Float32Array(outLength);
  const ratio = signal.length / outLength;
  // The signal with enough silence on both sides for every read below, so the search loop (the hot one:
  // 2 * tolerance + 1 offsets per frame) indexes directly instead of bounds-checking each sample.
  let lastOutStart = -hop;
  while (lastOutStart + hop < outLength) lastOutStart += hop;
  const lowest = Math.min(0, Math.round(-hop * ratio) - tolerance);
  const highest = Math.max(signal.length, Math.round(lastOutStart * ratio) + tolerance + frame + hop);
  const pad = -lowest;
  const padded = new Float32Array(highest - lowest);
  padded.set(signal, pad);
  let previousEnd = -1;
  for (let outStart = -hop; outStart < outLength; outStart += hop) {
    const nominal = Math.round(outStart * ratio);
    let start = nominal;
    if (previousEnd >= 0) {
      // Pick the offset whose frame best matches the natural continuation of the previous one.
      let best = -Infinity;
      const reference = pad + previousEnd;
      let delta = -tolerance;
      // Four offsets at a time, each summed in the same order as alone (the same bits), so the additions of
      // one offset do not wait on each other's; compared in offset order, so ties resolve as before.
      for (; delta + 3 <= tolerance; delta += 4) {
        const candidate = pad + nominal + delta;
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        for (let i = 0; i < hop; i += 8) {
          const r = padded[reference + i] as number;
          c0 += (padded[candidate + i] as number) * r;
          c1 += (padded[candidate + i + 1] as number) * r;
          c2 += (padded[candidate + i + 2] as number) * r;
          c3 += (padded[candidate + i + 3] as number) * r;
        }
        if (c0 > best) {
          best = c0;
          start = nominal + delta;
        }
        if (c1 > best) {
          best = c1;
          start = nominal + delta + 1;
        }
        if (c2 > best) {
          best = c2;
          start = nominal + delta + 2;
        }
        if (c3 > best) {
          best = c3;
          start = nominal + delta + 3;
        }
      }
      for (; delta <= tolerance; delta += 1) {
        const candidate = pad + nominal + delta;
        let corr = 0;
        for (let i = 0; i < hop; i += 8) corr += (padded[candidate + i] as number) * (padded[reference + i] as number);
        if (corr > best) {
          best = corr;
          start = nominal + delta;
        }
      }
    }
    const from = Math.max(0, -outStart);
    const to = Math.min(frame, outLength - outStart);
    const source = pad + start;
    for (let i = from; i < to; i += 1) {
      const o = outStart + i;
      const w = window[i] as number;
      out[o] = (out[o] as number) + w * (padded[source + i] as number);
      norm[o] = (norm[o] as number) + w;
    }
    previousEnd = start + hop;
  }
  for (let i = 0; i < outLength; i += 1) if ((norm[i] as number) > 1e-3) out[i] = (out[i] as number) / (norm[i] as number);
  return out;
}

/** Shifts pitch by `semitones` keeping the duration. */
export function shiftPitch(signal: Float32Array, semitones: number, frame = 512): Float32Array {
  if (semitones === 0) return signal.slice();
  const faster = changeSpeed(signal, 2 ** (semitones / 12));
  return timeStretch(faster, signal.length, frame);
}

/** Plays `signal` `factor` times faster at the same pitch: round(length / factor) samples. */
export function changeTempo(signal: Float32Array, factor: number, frame = 512): Float32Array {
  if (!(factor > 0)) throw new RangeError(`tempo factor must be above 0 (got ${factor})`);
  if (factor === 1) return signal.slice();
  return timeStretch(signal, Math.round(signal.length / factor), frame);
}
