/**
 * Energy-based trimming of a recorded take: finds where speech starts and ends from short-frame RMS
 * levels measured against the take's own noise floor, and keeps that span plus some padding (cutting
 * right at the first loud frame would clip soft onsets such as "h" in "hey"). Pure, so the renderer
 * can show the trimmed take before it is saved and tests can check it on constructed signals.
 */

export interface TrimOptions {
  /** Seconds of audio kept before the first and after the last speech frame. */
  readonly paddingSeconds?: number;
  /** Frame length for the level measurement. */
  readonly frameSeconds?: number;
  /** Speech must rise this many dB above the noise floor. */
  readonly marginDb?: number;
  /** Frames quieter than this (dBFS) never count as speech, whatever the floor. */
  readonly absoluteFloorDb?: number;
  /** Less active audio than this (seconds) is a click or a bump, not speech. */
  readonly minSpeechSeconds?: number;
}

export type TrimResult =
  | {
      readonly speech: true;
      /** First kept sample (inclusive) and last (exclusive), in the input's samples. */
      readonly start: number;
      readonly end: number;
      readonly samples: Float32Array;
      /** Largest absolute sample value in the kept span. */
      readonly peak: number;
    }
  | { readonly speech: false; readonly reason: string };

const DEFAULTS: Required<TrimOptions> = { paddingSeconds: 0.2, frameSeconds: 0.02, marginDb: 12, absoluteFloorDb: -50, minSpeechSeconds: 0.08 };
/** Speech stays this far below the loudest frame at most: keeps a take with no pauses from being trimmed to its peak. */
const PEAK_RANGE_DB = 30;

const toDb = (power: number): number => 10 * Math.log10(Math.max(power, 1e-12));

/** Mean-square level of each frame, in dBFS (a full-scale sine is about -3 dB). */
export function frameLevelsDb(samples: Float32Array, frameSamples: number): Float64Array {
  const count = Math.ceil(samples.length / frameSamples);
  const levels = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    const from = f * frameSamples;
    const to = Math.min(samples.length, from + frameSamples);
    let sum = 0;
    for (let i = from; i < to; i++) {
      const s = samples[i] as number;
      sum += s * s;
    }
    levels[f] = toDb(sum / Math.max(1, to - from));
  }
  return levels;
}

function percentile(values: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? -120;
}

export function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return peak;
}

export function trimSilence(samples: Float32Array, sampleRate: number, options: TrimOptions = {}): TrimResult {
  const o = { ...DEFAULTS, ...options };
  const frameSamples = Math.max(1, Math.round(o.frameSeconds * sampleRate));
  if (samples.length < frameSamples) return { speech: false, reason: 'no speech heard: the take is too short' };
  const levels = frameLevelsDb(samples, frameSamples);
  const floor = percentile(levels, 0.1);
  const loudest = Math.max(...levels);
  const threshold = Math.max(o.absoluteFloorDb, Math.min(floor + o.marginDb, loudest - PEAK_RANGE_DB));
  let first = -1;
  let last = -1;
  let active = 0;
  levels.forEach((level, f) => {
    if (level < threshold) return;
    if (first < 0) first = f;
    last = f;
    active += 1;
  });
  if (first < 0 || active * frameSamples < o.minSpeechSeconds * sampleRate || loudest - floor < o.marginDb) {
    return { speech: false, reason: `no speech heard (loudest ${loudest.toFixed(0)} dBFS): move closer to the microphone or check the input device` };
  }
  const pad = Math.round(o.paddingSeconds * sampleRate);
  const start = Math.max(0, first * frameSamples - pad);
  const end = Math.min(samples.length, (last + 1) * frameSamples + pad);
  const kept = samples.slice(start, end);
  return { speech: true, start, end, samples: kept, peak: peakOf(kept) };
}

/** Mean-square level of a block in dBFS. */
export function levelDb(block: Float32Array): number {
  let sum = 0;
  for (const s of block) sum += s * s;
  return toDb(sum / Math.max(1, block.length));
}

export interface PauseStopper {
  /** Feeds the next block; true once speech was heard and then a pause long enough to end the take. */
  push(block: Float32Array): boolean;
}

/**
 * Ends a take automatically: speech is a block `marginDb` above the room's level (measured before the
 * take, e.g. during the countdown), and the take ends after `pauseSeconds` without speech following it.
 */
export function createPauseStopper(sampleRate: number, roomDb: number, pauseSeconds = 1, options: Pick<TrimOptions, 'marginDb' | 'absoluteFloorDb' | 'minSpeechSeconds'> = {}): PauseStopper {
  const o = { ...DEFAULTS, ...options };
  const threshold = Math.max(o.absoluteFloorDb, roomDb + o.marginDb);
  let speech = 0;
  let quiet = 0;
  return {
    push(block) {
      const seconds = block.length / sampleRate;
      if (levelDb(block) >= threshold) {
        speech += seconds;
        quiet = 0;
      } else if (speech >= o.minSpeechSeconds) {
        quiet += seconds;
      }
      return speech >= o.minSpeechSeconds && quiet >= pauseSeconds;
    },
  };
}

/** The room's level from blocks heard before a take: a low percentile, so a cough does not raise it. */
export function roomLevelDb(levels: readonly number[]): number {
  if (levels.length === 0) return -60;
  return percentile(Float64Array.from(levels), 0.2);
}
