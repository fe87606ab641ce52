/**
 * Streaming wake-word detection over per-window scores: windows of the clip length advance by a hop, scores
 * are smoothed by a moving average, a stretch at or above the threshold becomes one detection (at its peak),
 * and triggers within the refractory period after a detection are ignored. Pure: the CLI, the panel's
 * false-accept mining and the microphone test all run this same code.
 */

export interface DetectorOptions {
  readonly sampleRate: number;
  /** Samples per scored window (the model's clip length). */
  readonly windowSamples: number;
  readonly hopSamples: number;
  readonly threshold: number;
  /** Moving average over this many window scores (1 = no smoothing). */
  readonly smoothing: number;
  readonly refractorySeconds: number;
  /**
   * Stream position (samples) where window 0 starts; default 0. Negative when the first score already looks
   * back before the stream began, as openWakeWord's seeded embedding history does.
   */
  readonly firstWindowStartSamples?: number;
  /**
   * Where in a window a step's time points, in samples from the window's start: its centre by default.
   * openWakeWord-style models, trained with the phrase ending just before the window's end, point there.
   */
  readonly eventOffsetSamples?: number;
}

export interface Detection {
  /** Event time at the peak (by default the centre of the scored audio), in seconds from the start of the stream. */
  readonly time: number;
  /** The audio the peak window covers, in seconds (start clamped at 0): the clip to keep as a hard-negative candidate. */
  readonly start: number;
  readonly end: number;
  /** Peak smoothed score. */
  readonly score: number;
}

export interface ScoredStep {
  readonly index: number;
  /** Event time (by default the centre) of the windows averaged into `smoothed`. */
  readonly time: number;
  readonly score: number;
  readonly smoothed: number;
  /** A detection that ended with this step, if any. */
  readonly detection: Detection | null;
}

export function checkDetectorOptions(options: DetectorOptions): void {
  const { sampleRate, windowSamples, hopSamples, threshold, smoothing, refractorySeconds } = options;
  if (!(sampleRate > 0)) throw new RangeError(`sample rate must be positive (got ${String(sampleRate)})`);
  if (!Number.isInteger(windowSamples) || windowSamples < 1) throw new RangeError(`window must be a positive whole number of samples (got ${String(windowSamples)})`);
  if (!Number.isInteger(hopSamples) || hopSamples < 1) throw new RangeError(`hop must be a positive whole number of samples (got ${String(hopSamples)})`);
  if (!Number.isInteger(smoothing) || smoothing < 1) throw new RangeError(`smoothing must be a whole number of windows, at least 1 (got ${String(smoothing)})`);
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold must be a number (got ${String(threshold)})`);
  if (!(refractorySeconds >= 0)) throw new RangeError(`refractory period must be zero or more seconds (got ${String(refractorySeconds)})`);
  const { firstWindowStartSamples = 0, eventOffsetSamples = windowSamples / 2 } = options;
  if (!Number.isFinite(firstWindowStartSamples)) throw new RangeError(`first window start must be a number of samples (got ${String(firstWindowStartSamples)})`);
  if (!(eventOffsetSamples >= 0 && eventOffsetSamples <= windowSamples)) throw new RangeError(`event offset must lie within the window, 0 to ${String(windowSamples)} samples (got ${String(eventOffsetSamples)})`);
}

interface OpenRun {
  readonly onsetTime: number;
  peakTime: number;
  peakScore: number;
}

export class StreamingDetector {
  private readonly options: DetectorOptions;
  private readonly recent: number[] = [];
  private index = 0;
  private run: OpenRun | null = null;
  private lastDetectionTime = Number.NEGATIVE_INFINITY;

  constructor(options: DetectorOptions) {
    checkDetectorOptions(options);
    this.options = options;
  }

  /** Feeds the score of the next window (window k starts at k x hop samples). */
  push(score: number): ScoredStep {
    const { smoothing, threshold, refractorySeconds } = this.options;
    this.recent.push(score);
    if (this.recent.length > smoothing) this.recent.shift();
    const smoothed = this.recent.reduce((sum, x) => sum + x, 0) / this.recent.length;
    const index = this.index++;
    const time = this.eventTime(index - (this.recent.length - 1) / 2);
    let detection: Detection | null = null;
    if (smoothed >= threshold) {
      if (this.run) {
        if (smoothed > this.run.peakScore) {
          this.run.peakScore = smoothed;
          this.run.peakTime = time;
        }
        // A stretch that never falls below the threshold still reports once per refractory period.
        if (time - this.run.onsetTime >= Math.max(refractorySeconds, this.windowSeconds())) detection = this.close();
      } else if (time >= this.lastDetectionTime + refractorySeconds) {
        this.run = { onsetTime: time, peakTime: time, peakScore: smoothed };
      }
    } else if (this.run) {
      detection = this.close();
    }
    return { index, time, score, smoothed, detection };
  }

  /** Ends the stream: a stretch still above the threshold becomes a detection. */
  flush(): Detection | null {
    return this.run ? this.close() : null;
  }

  private windowSeconds(): number {
    return this.options.windowSamples / this.options.sampleRate;
  }

  private eventOffset(): number {
    return this.options.eventOffsetSamples ?? this.options.windowSamples / 2;
  }

  private eventTime(position: number): number {
    const { hopSamples, sampleRate, firstWindowStartSamples = 0 } = this.options;
    return (firstWindowStartSamples + position * hopSamples + this.eventOffset()) / sampleRate;
  }

  private close(): Detection {
    const run = this.run as OpenRun;
    this.run = null;
    this.lastDetectionTime = run.peakTime;
    const windowStart = run.peakTime - this.eventOffset() / this.options.sampleRate;
    return { time: run.peakTime, start: Math.max(0, windowStart), end: windowStart + this.windowSeconds(), score: run.peakScore };
  }
}

export interface DetectionTrace {
  readonly times: readonly number[];
  readonly smoothed: readonly number[];
  readonly detections: readonly Detection[];
}

/** Runs the detector over a whole list of window scores. */
export function detectInScores(scores: ArrayLike<number>, options: DetectorOptions): DetectionTrace {
  const detector = new StreamingDetector(options);
  const times: number[] = [];
  const smoothed: number[] = [];
  const detections: Detection[] = [];
  for (let i = 0; i < scores.length; i++) {
    const step = detector.push(scores[i] ?? 0);
    times.push(step.time);
    smoothed.push(step.smoothed);
    if (step.detection) detections.push(step.detection);
  }
  const last = detector.flush();
  if (last) detections.push(last);
  return { times, smoothed, detections };
}

/** Start samples of the windows a recording is scored in: every hop while a whole window fits (one padded window for short audio). */
export function windowStarts(length: number, windowSamples: number, hopSamples: number): number[] {
  if (length <= windowSamples) return [0];
  const starts: number[] = [];
  for (let start = 0; start + windowSamples <= length; start += hopSamples) starts.push(start);
  return starts;
}

/** The window of `audio` at `start`, zero-padded at the end when the audio is shorter. */
export function windowAt(audio: Float32Array, start: number, windowSamples: number): Float32Array {
  const out = new Float32Array(windowSamples);
  out.set(audio.subarray(start, Math.min(audio.length, start + windowSamples)));
  return out;
}
