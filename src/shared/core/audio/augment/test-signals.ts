/**
 * Test-only signals and measurements for the augmentation tests, written independently of the transforms
 * (plain DFT sums and autocorrelation) so a transform cannot pass by agreeing with itself.
 */

/** A vowel: harmonics of f0 whose amplitudes follow one Gaussian formant at formantHz (plus a -60 dB floor). */
export function syntheticVowel(length: number, sampleRate: number, f0: number, formantHz: number, width = 300, peak = 0.6): Float32Array {
  const out = new Float32Array(length);
  const harmonics: { f: number; a: number }[] = [];
  for (let h = 1; h * f0 < 0.45 * sampleRate; h += 1) harmonics.push({ f: h * f0, a: Math.exp(-0.5 * ((h * f0 - formantHz) / width) ** 2) + 0.001 });
  harmonics.forEach(({ f, a }, h) => {
    for (let i = 0; i < length; i += 1) out[i] = (out[i] as number) + a * Math.sin((2 * Math.PI * f * i) / sampleRate + h);
  });
  let max = 0;
  for (const v of out) max = Math.max(max, Math.abs(v));
  for (let i = 0; i < length; i += 1) out[i] = ((out[i] as number) / max) * peak;
  return out;
}

/** Power of `signal[from..to)` at frequency f (one DFT bin at an arbitrary frequency). */
export function powerAt(signal: Float32Array, f: number, sampleRate: number, from = 0, to = signal.length): number {
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i += 1) {
    const phase = (2 * Math.PI * f * i) / sampleRate;
    re += (signal[i] as number) * Math.cos(phase);
    im += (signal[i] as number) * Math.sin(phase);
  }
  return re * re + im * im;
}

/** Power-weighted mean frequency over the harmonics of f0 (the envelope's centroid when harmonics sample it). */
export function harmonicCentroid(signal: Float32Array, f0: number, sampleRate: number, from: number, to: number): number {
  let num = 0;
  let den = 0;
  for (let f = f0; f < 0.45 * sampleRate; f += f0) {
    const p = powerAt(signal, f, sampleRate, from, to);
    num += f * p;
    den += p;
  }
  return num / den;
}

/**
 * Fundamental frequency of `signal[from..to)` by normalised autocorrelation: the first lag (between 60 and
 * 500 Hz) whose correlation comes within 10 % of the best, refined by a parabola through its neighbours.
 */
export function autocorrelationF0(signal: Float32Array, sampleRate: number, from: number, to: number): number {
  const minLag = Math.floor(sampleRate / 500);
  const maxLag = Math.ceil(sampleRate / 60);
  const corr = new Float64Array(maxLag + 2);
  for (let lag = minLag - 1; lag <= maxLag + 1; lag += 1) {
    let acc = 0;
    let e0 = 0;
    let e1 = 0;
    for (let i = from; i + lag < to; i += 1) {
      const a = signal[i] as number;
      const b = signal[i + lag] as number;
      acc += a * b;
      e0 += a * a;
      e1 += b * b;
    }
    corr[lag] = acc / Math.sqrt(e0 * e1 + 1e-30);
  }
  let best = -Infinity;
  for (let lag = minLag; lag <= maxLag; lag += 1) best = Math.max(best, corr[lag] as number);
  let lag = minLag;
  // The first local peak close to the best avoids octave errors (2x the period correlates almost as well).
  for (let l = minLag; l <= maxLag; l += 1) {
    const c = corr[l] as number;
    if (c >= 0.9 * best && c >= (corr[l - 1] as number) && c >= (corr[l + 1] as number)) {
      lag = l;
      break;
    }
  }
  const y0 = corr[lag - 1] as number;
  const y1 = corr[lag] as number;
  const y2 = corr[lag + 1] as number;
  const denom = y0 - 2 * y1 + y2;
  const offset = denom === 0 ? 0 : (0.5 * (y0 - y2)) / denom;
  return sampleRate / (lag + offset);
}

/** Deterministic white noise in [-amplitude, amplitude] (a linear congruential generator, not the app's rng). */
export function whiteNoise(length: number, seed: number, amplitude = 0.5): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 4294967296 - 0.5) * 2 * amplitude;
  }
  return out;
}

/** Samples that are not finite, and finite ones outside [-1, 1]. */
export function countBadSamples(signal: Float32Array): { nan: number; outside: number } {
  let nan = 0;
  let outside = 0;
  for (const v of signal) {
    if (!Number.isFinite(v)) nan += 1;
    else if (Math.abs(v) > 1) outside += 1;
  }
  return { nan, outside };
}

/**
 * Band energies of a Hann-windowed segment by a direct DFT (bins of sampleRate / length): the share of
 * power below `lowHz`, inside [lowHz, highHz] and above `highHz`, as absolute sums.
 */
export function bandPowers(signal: Float32Array, sampleRate: number, from: number, length: number, lowHz: number, highHz: number): { below: number; inside: number; above: number } {
  const segment = new Float64Array(length);
  for (let i = 0; i < length; i += 1) segment[i] = (signal[from + i] as number) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length));
  let below = 0;
  let inside = 0;
  let above = 0;
  for (let k = 0; k <= length / 2; k += 1) {
    // Rotate by a fixed phasor instead of calling cos/sin per sample.
    const step = (2 * Math.PI * k) / length;
    const cs = Math.cos(step);
    const sn = Math.sin(step);
    let c = 1;
    let s = 0;
    let re = 0;
    let im = 0;
    for (let i = 0; i < length; i += 1) {
      re += (segment[i] as number) * c;
      im += (segment[i] as number) * s;
      const nc = c * cs - s * sn;
      s = s * cs + c * sn;
      c = nc;
    }
    const p = re * re + im * im;
    const f = (k * sampleRate) / length;
    if (f < lowHz) below += p;
    else if (f > highHz) above += p;
    else inside += p;
  }
  return { below, inside, above };
}
