/**
 * Channel band-limiting: the telephone band (the clip as 8 kHz narrow-band audio would carry it: down to
 * 8 kHz with the project's band-limited resampler, the 300-3400 Hz voice band, back up) and a plain
 * low-pass at a chosen cut-off (cheap microphones, lossy codecs, far-field high-frequency loss). The
 * filters are linear-phase Kaiser-windowed sincs applied by FFT convolution, so nothing shifts in time.
 */
import { Resampler, besselI0 } from '../resample';
import { limitPeak } from './level';
import { fftConvolve } from './reverb';

export const TELEPHONE_RATE = 8000;
/** Pass band of narrow-band telephony (ITU-T G.712). */
export const TELEPHONE_LOW_HZ = 300;
export const TELEPHONE_HIGH_HZ = 3400;
/** Kaiser beta 8: about 80 dB of stop-band attenuation. */
const BETA = 8;

const resamplers = new Map<string, Resampler>();
function resamplerFor(from: number, to: number): Resampler {
  const key = `${from}:${to}`;
  let resampler = resamplers.get(key);
  if (!resampler) {
    resampler = new Resampler(from, to);
    resamplers.set(key, resampler);
  }
  return resampler;
}

/**
 * Linear-phase FIR of 2 * halfTaps + 1 taps passing [lowHz, highHz] (lowHz 0 = low-pass), cut-offs at the
 * middle of each transition band; the band is about 5.3 / (2 * halfTaps) of the sample rate wide at beta 8.
 */
export function bandPassTaps(sampleRate: number, lowHz: number, highHz: number, halfTaps: number): Float32Array {
  const taps = new Float32Array(2 * halfTaps + 1);
  const norm = 1 / besselI0(BETA);
  const lp = (cutoff: number, n: number): number => {
    const fc = cutoff / sampleRate;
    return n === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * n) / (Math.PI * n);
  };
  for (let i = 0; i < taps.length; i += 1) {
    const n = i - halfTaps;
    const r = n / (halfTaps + 1);
    const kaiser = besselI0(BETA * Math.sqrt(1 - r * r)) * norm;
    taps[i] = (lp(highHz, n) - (lowHz > 0 ? lp(lowHz, n) : 0)) * kaiser;
  }
  return taps;
}

/** Filters with a centred linear-phase FIR: same length as the input, no delay. */
function filterSame(signal: Float32Array, taps: Float32Array): Float32Array {
  const half = (taps.length - 1) / 2;
  return fftConvolve(signal, taps).slice(half, half + signal.length);
}

/** Transition bands 80 Hz wide at 8 kHz, placed inside the voice band so 300 and 3400 Hz are already stopped. */
const TELEPHONE_TAPS = bandPassTaps(TELEPHONE_RATE, TELEPHONE_LOW_HZ + 45, TELEPHONE_HIGH_HZ - 45, 256);

/** `signal` (at `sampleRate`) as it would sound over an 8 kHz telephone channel, at the original rate and length. */
export function telephoneBand(signal: Float32Array, sampleRate: number): Float32Array {
  if (signal.length === 0) return new Float32Array(0);
  const narrow = sampleRate === TELEPHONE_RATE ? signal : resamplerFor(sampleRate, TELEPHONE_RATE).process(signal);
  const voiced = filterSame(narrow, TELEPHONE_TAPS);
  const back = sampleRate === TELEPHONE_RATE ? voiced : resamplerFor(TELEPHONE_RATE, sampleRate).process(voiced);
  const out = new Float32Array(signal.length);
  out.set(back.subarray(0, signal.length));
  return limitPeak(out);
}

const lowPassCache = new Map<string, Float32Array>();

/** Low-pass at `cutoffHz` (transition about 300 Hz wide at 16 kHz); a cut-off at or above Nyquist changes nothing. */
export function lowPass(signal: Float32Array, sampleRate: number, cutoffHz: number): Float32Array {
  if (!(cutoffHz > 0)) throw new RangeError(`low-pass cut-off must be above 0 Hz (got ${cutoffHz})`);
  if (cutoffHz >= 0.49 * sampleRate || signal.length === 0) return signal.slice();
  // Cut-offs are drawn from a range: round to 10 Hz so the tap cache stays small.
  const rounded = Math.round(cutoffHz / 10) * 10;
  const key = `${sampleRate}:${rounded}`;
  let taps = lowPassCache.get(key);
  if (!taps) {
    if (lowPassCache.size > 256) lowPassCache.clear();
    taps = bandPassTaps(sampleRate, 0, rounded, Math.max(16, Math.round(sampleRate / 120)));
    lowPassCache.set(key, taps);
  }
  return limitPeak(filterSame(signal, taps));
}
