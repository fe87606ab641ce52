/**
 * A live detection session (the microphone test): audio chunks in, per-step scores and detections out,
 * through the same stream, front end, model and streaming detector as `detect` on a file.
 */
import { type Detection, StreamingDetector } from '../../shared/core/detection/streaming-detector';
import type { StreamStep } from '../../shared/contract/evaluator-protocol';
import type { DetectOptions } from './detect-file';
import type { RunScorer, ScoreStream } from './scorer-types';

export class LiveSession {
  private readonly stream: ScoreStream;
  private readonly detector: StreamingDetector;
  /** Chunks are scored one after another even when they arrive faster than the model scores them. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(stream: ScoreStream, detector: StreamingDetector) {
    this.stream = stream;
    this.detector = detector;
  }

  static async open(scorer: RunScorer, options: DetectOptions): Promise<LiveSession> {
    const stream = await scorer.openStream(options.hopSeconds);
    const detector = new StreamingDetector({
      ...stream.geometry,
      sampleRate: scorer.sampleRate,
      threshold: options.threshold,
      smoothing: options.smoothing,
      refractorySeconds: options.refractorySeconds,
    });
    return new LiveSession(stream, detector);
  }

  /** `samples` are mono at the model's sample rate. */
  push(samples: Float32Array): Promise<{ steps: StreamStep[]; detections: Detection[] }> {
    const next = this.queue.then(async () => {
      const scores = await this.stream.push(samples);
      const steps: StreamStep[] = [];
      const detections: Detection[] = [];
      for (const score of scores) {
        const step = this.detector.push(score);
        steps.push({ time: step.time, score: step.score, smoothed: step.smoothed });
        if (step.detection) detections.push(step.detection);
      }
      return { steps, detections };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
