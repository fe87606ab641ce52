/**
 * What a scorer of a trained run offers, whatever its model family: the types only, so the family scorers
 * (log-mel-scorer.ts, oww-run-scorer.ts) and run-scorer.ts, which picks one, do not import each other.
 */
import type { ModelFamilyId } from '../../shared/config/schema';
import type { SplitFile } from '../../shared/core/dataset/manifest';
import type { DetectorOptions } from '../../shared/core/detection/streaming-detector';
import type { RunArtifacts } from '../../node/evaluation/run-artifacts';
import type { LoadedBackend } from '../backend-loader';
import type { StreamedSplit } from './streamed-split';

export interface ClipToScore {
  readonly audio: Float32Array;
  /** Positives are cropped around their loudest stretch, everything else at the centre (as in validation). */
  readonly positive: boolean;
  /** Already exactly the model's window (a piece cut from a long recording): scored as it is, not placed again. */
  readonly fitted?: boolean;
}

/** Where the scores of a stream sit in time (the streaming detector's window geometry). */
export type StepGeometry = Pick<DetectorOptions, 'windowSamples' | 'hopSamples' | 'firstWindowStartSamples' | 'eventOffsetSamples'>;

export interface ScoreStream {
  readonly geometry: StepGeometry;
  /** Adds mono audio at the model's rate; resolves to the scores of every step it completed, oldest first. */
  push(samples: Float32Array): Promise<Float32Array>;
}

export interface RecordingScores {
  readonly geometry: StepGeometry;
  readonly scores: Float32Array;
}

export interface RunScorer {
  readonly family: ModelFamilyId;
  readonly artifacts: RunArtifacts;
  readonly backend: LoadedBackend;
  readonly sampleRate: number;
  /** Audio behind one score: the run's clip, or openWakeWord's 2 s window. */
  readonly clipSamples: number;
  /** The step a long recording is scored with: the requested hop (log-mel) or openWakeWord's fixed 80 ms. */
  hopSamples(hopSeconds: number): number;
  /**
   * Scores a split as training's validation streams do (general negatives as continuous streams, clips in
   * short streams), so FA/h is the streaming detector's.
   */
  scoreSplitStreams(workspace: string, files: readonly SplitFile[], onProgress: (done: number, total: number, detail: string) => void): Promise<StreamedSplit & { readonly warnings: readonly string[] }>;
  /**
   * A clip-length file's score as validation streams score a clip (its highest smoothed score in a short
   * stream of its own), so detect agrees with evaluation.
   */
  scoreClipInStream(audio: Float32Array, smoothing: number): Promise<number>;
  /** Every step's score over a whole recording. */
  scoreRecording(audio: Float32Array, hopSeconds: number, onProgress?: (done: number, total: number) => void): Promise<RecordingScores>;
  /** A live stream (the microphone test) starting at time 0. */
  openStream(hopSeconds: number): Promise<ScoreStream>;
  dispose(): Promise<void>;
}
