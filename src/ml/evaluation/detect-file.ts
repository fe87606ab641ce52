/**
 * Detection over one audio file: a clip-length file gets a single score; a longer recording is scored step
 * by step (log-mel: clip windows every hop; openWakeWord: its 80 ms streaming steps) and run through the
 * streaming detector (smoothing, threshold, refractory period).
 */
import path from 'node:path';
import type { DetectionSettings } from '../../shared/core/evaluation/operating-point';
import type { FileDetection } from '../../shared/core/detection/file-detection';
import { detectInScores } from '../../shared/core/detection/streaming-detector';
import { loadMonoClip } from '../../node/audio/decode-audio';
import type { RunScorer } from './scorer-types';

export type { FileDetection };

export interface DetectOptions extends DetectionSettings {
  readonly threshold: number;
}

/** Files up to this many clip lengths are scored as one clip (positives recorded with a little slack). */
const CLIP_SLACK = 1.5;

/** `displayName` is how errors name the file: its base name in the app, the path as given on the command line. */
export async function detectInFile(
  file: string,
  scorer: RunScorer,
  options: DetectOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
  displayName: string = path.basename(file),
  /** Sees the decoded audio (the panel's waveform overview) without decoding the file twice. */
  onAudio: (audio: Float32Array) => void = () => undefined,
): Promise<FileDetection> {
  const audio = await loadMonoClip(file, scorer.sampleRate, { displayName });
  onAudio(audio);
  const durationSeconds = audio.length / scorer.sampleRate;
  if (audio.length <= scorer.clipSamples * CLIP_SLACK) {
    // Scored as evaluation scores a clip of the split, so the two agree.
    const score = await scorer.scoreClipInStream(audio, options.smoothing);
    const detected = score >= options.threshold;
    const detections = detected ? [{ time: durationSeconds / 2, start: 0, end: durationSeconds, score }] : [];
    return { file, durationSeconds, mode: 'clip', score, detected, detections, times: [], scores: [] };
  }
  const { geometry, scores } = await scorer.scoreRecording(audio, options.hopSeconds, onProgress);
  const trace = detectInScores(scores, {
    ...geometry,
    sampleRate: scorer.sampleRate,
    threshold: options.threshold,
    smoothing: options.smoothing,
    refractorySeconds: options.refractorySeconds,
  });
  const score = trace.smoothed.reduce((best, x) => Math.max(best, x), 0);
  return { file, durationSeconds, mode: 'stream', score, detected: trace.detections.length > 0, detections: trace.detections, times: trace.times, scores: trace.smoothed };
}
