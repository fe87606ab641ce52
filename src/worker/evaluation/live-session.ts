/**
 * A live detection session (the microphone test): audio chunks in, per-window scores and detections out,
 * through the same windows, front end, model and streaming detector as `detect` on a file.
 */
import { AudioWindower } from '../../shared/core/detection/audio-windower';
import { type Detection, StreamingDetector } from '../../shared/core/detection/streaming-detector';
import type { StreamStep } from '../../shared/evaluator-protocol';
import type { DetectOptions } from './detect-file';
import type { RunScorer } from './run-scorer';

export class LiveSession {
  private readonly scorer: RunScorer;
  private readonly windower: AudioWindower;
  private readonly detector: StreamingDetector;

  constructor(scorer: RunScorer, options: DetectOptions) {
    const hopSamples = Math.max(1, Math.round(options.hopSeconds * scorer.sampleRate));
    this.scorer = scorer;
    this.windower = new AudioWindower(scorer.clipSamples, hopSamples);
    this.detector = new StreamingDetector({
      sampleRate: scorer.sampleRate,
      windowSamples: scorer.clipSamples,
      hopSamples,
      threshold: options.threshold,
      smoothing: options.smoothing,
      refractorySeconds: options.refractorySeconds,
    });
  }

  /** `samples` are mono at the model's sample rate. */
  push(samples: Float32Array): { steps: StreamStep[]; detections: Detection[] } {
    const windows = this.windower.push(samples);
    const scores = windows.length > 0 ? this.scorer.scoreClips(windows.map((audio) => ({ audio, positive: false }))) : new Float32Array(0);
    const steps: StreamStep[] = [];
    const detections: Detection[] = [];
    for (const score of scores) {
      const step = this.detector.push(score);
      steps.push({ time: step.time, score: step.score, smoothed: step.smoothed });
      if (step.detection) detections.push(step.detection);
    }
    return { steps, detections };
  }
}
