/**
 * Another speaker's voice from one recording: the clip's own fundamental (F0) is measured, a target F0 is
 * drawn from a population range, and the voice pitch and the formants are moved together, as they differ
 * between real speakers. Pitch alone gives a chipmunk or a growl, and independent pitch and formant draws
 * rarely land on a plausible voice; a man's voice needs about +10 semitones AND formants about 15-20 % higher
 * to sound like a woman's. Formants follow F0 with an exponent near 0.3 (adult male to adult female: F0 about
 * x1.8, formants about x1.18) plus a per-speaker jitter, since within one sex the two are only loosely tied.
 */
import { warpFormants } from './vtlp';
import { shiftPitch } from './speed-pitch';

/** Formant ratio = F0 ratio ** FORMANT_EXPONENT (before jitter). */
export const FORMANT_EXPONENT = 0.3;
/** F0 search range of the estimator, Hz: below a deep bass, above a child's voice. */
const MIN_F0 = 60;
const MAX_F0 = 420;
/** YIN's absolute threshold on the cumulative-mean-normalised difference. */
const YIN_THRESHOLD = 0.15;
/** A frame counts as voiced when its best dip is this low and it is loud enough (below). */
const VOICED_DIP = 0.3;
/** Frames quieter than this fraction of the loudest frame's RMS are silence or breath. */
const QUIET_FRACTION = 0.05;
/** Fewer voiced frames than this and the clip has no pitch to speak of. */
const MIN_VOICED_FRAMES = 3;
/** Largest voice-pitch move, semitones: beyond it WSOLA's artefacts outweigh the new voice. */
const MAX_SEMITONES = 14;

/**
 * Median F0 in Hz over the voiced frames (YIN, de Cheveigné & Kawahara 2002, on a 2:1 decimated copy: 40 ms
 * frames every 20 ms), or null when fewer than three frames are voiced (noise, silence, a whisper).
 */
export function estimateF0(signal: Float32Array, sampleRate: number): number | null {
  // Decimate by two with a pair average: F0 and its first harmonics stay well below the new Nyquist.
  const rate = sampleRate / 2;
  const x = new Float64Array(Math.floor(signal.length / 2));
  for (let i = 0; i < x.length; i += 1) x[i] = 0.5 * ((signal[2 * i] as number) + (signal[2 * i + 1] as number));
  const frame = Math.round(0.04 * rate);
  const hop = Math.round(0.02 * rate);
  const minLag = Math.max(2, Math.floor(rate / MAX_F0));
  const maxLag = Math.min(frame - 1, Math.ceil(rate / MIN_F0));
  const window = frame - maxLag;
  if (window < minLag || x.length < frame) return null;

  const starts: number[] = [];
  const rms: number[] = [];
  for (let start = 0; start + frame <= x.length; start += hop) {
    let sum = 0;
    for (let i = start; i < start + frame; i += 1) sum += (x[i] as number) ** 2;
    starts.push(start);
    rms.push(Math.sqrt(sum / frame));
  }
  const loudest = Math.max(0, ...rms);
  if (!(loudest > 0)) return null;

  const d = new Float64Array(maxLag + 1);
  const f0s: number[] = [];
  starts.forEach((start, index) => {
    if ((rms[index] as number) < QUIET_FRACTION * loudest) return;
    // Difference function over `window` samples, then its cumulative-mean normalisation (d'(0) = 1).
    let running = 0;
    d[0] = 1;
    for (let lag = 1; lag <= maxLag; lag += 1) {
      let sum = 0;
      for (let i = 0; i < window; i += 1) {
        const diff = (x[start + i] as number) - (x[start + i + lag] as number);
        sum += diff * diff;
      }
      running += sum;
      d[lag] = running > 0 ? (sum * lag) / running : 1;
    }
    // The first dip under the threshold (its local minimum), else the global minimum: YIN's step 4.
    let best = -1;
    for (let lag = minLag; lag <= maxLag; lag += 1) {
      if ((d[lag] as number) < YIN_THRESHOLD) {
        while (lag + 1 <= maxLag && (d[lag + 1] as number) < (d[lag] as number)) lag += 1;
        best = lag;
        break;
      }
    }
    if (best < 0) {
      best = minLag;
      for (let lag = minLag + 1; lag <= maxLag; lag += 1) if ((d[lag] as number) < (d[best] as number)) best = lag;
    }
    if ((d[best] as number) > VOICED_DIP) return;
    // Parabolic interpolation between the neighbours for a sub-sample period.
    let period = best;
    if (best > minLag && best < maxLag) {
      const a = d[best - 1] as number;
      const b = d[best] as number;
      const c = d[best + 1] as number;
      const denominator = a - 2 * b + c;
      if (denominator > 0) period = best + (0.5 * (a - c)) / denominator;
    }
    f0s.push(rate / period);
  });
  if (f0s.length < MIN_VOICED_FRAMES) return null;
  f0s.sort((a, b) => a - b);
  const middle = f0s.length >> 1;
  return f0s.length % 2 === 1 ? (f0s[middle] as number) : 0.5 * ((f0s[middle - 1] as number) + (f0s[middle] as number));
}

/** The voice-pitch move (semitones) and formant factor that take a voice at `sourceF0` to one at `targetF0`. */
export function speakerMove(sourceF0: number, targetF0: number, formantJitter: number): { readonly semitones: number; readonly formants: number } {
  const semitones = Math.max(-MAX_SEMITONES, Math.min(MAX_SEMITONES, 12 * Math.log2(targetF0 / sourceF0)));
  return { semitones, formants: 2 ** ((semitones / 12) * FORMANT_EXPONENT) * formantJitter };
}

/**
 * The clip spoken by a voice at `targetF0` Hz, same duration and level: a pitch shift (which moves the
 * formants with the fundamental, by 2^(s/12)) followed by one formant warp that leaves them at the
 * speaker's factor. A clip with no measurable pitch (noise, silence) is returned unchanged, as a copy.
 */
export function changeSpeaker(signal: Float32Array, targetF0: number, formantJitter: number, sampleRate: number): Float32Array {
  if (!(targetF0 > 0)) throw new RangeError(`target F0 must be above 0 Hz (got ${targetF0})`);
  if (!(formantJitter > 0)) throw new RangeError(`formant jitter must be above 0 (got ${formantJitter})`);
  const source = estimateF0(signal, sampleRate);
  if (source === null) return signal.slice();
  const { semitones, formants } = speakerMove(source, targetF0, formantJitter);
  const shifted = semitones === 0 ? signal : shiftPitch(signal, semitones);
  return warpFormants(shifted, formants / 2 ** (semitones / 12), sampleRate);
}
