/**
 * Messages between the evaluation service (main, serve) and the evaluator process, which loads TF.js and a
 * run's model so the UI process never stalls. One job per process; discriminated unions on both sides.
 */
import type { BackendChoice } from './backend-choices';
import type { SplitName } from '../core/dataset/categories';
import type { FileDetection } from '../core/detection/file-detection';
import type { Detection } from '../core/detection/streaming-detector';
import type { DetectionSettings } from '../core/evaluation/operating-point';
import type { SplitScores } from '../core/evaluation/evaluation-report';

export type EvaluatorJob =
  | { readonly type: 'evaluate'; readonly runDir: string; readonly workspace: string; readonly split: SplitName; readonly backend: BackendChoice }
  | { readonly type: 'detect'; readonly runDir: string; readonly file: string; readonly backend: BackendChoice; readonly options: DetectionSettings & { readonly threshold: number } }
  /**
   * `wakeword detect` over many files: one model load, then a 'file-detected' or 'file-failed' per file in
   * order, then 'files-done'. The list travels over IPC, never on the process's command line.
   */
  | {
      readonly type: 'detect-files';
      readonly runDir: string;
      readonly files: readonly string[];
      readonly backend: BackendChoice;
      readonly options: DetectionSettings & { readonly threshold: number };
      /** Set by the Evaluation panel: each 'file-detected' also carries a waveform overview of this many points. */
      readonly waveformPoints?: number;
    }
  /** A live session (microphone test): the process stays up and scores chunks until 'stop'. */
  | { readonly type: 'stream'; readonly runDir: string; readonly backend: BackendChoice; readonly options: DetectionSettings & { readonly threshold: number } };

/** What a live session's process receives after its 'stream' job. */
export type StreamRequest = { readonly type: 'chunk'; readonly id: number; readonly samples: Float32Array } | { readonly type: 'stop' };

/** Everything the parent may send an evaluator process. */
export type EvaluatorRequest = EvaluatorJob | StreamRequest;

export interface StreamStep {
  /** Centre time of the scored audio, seconds since the session started. */
  readonly time: number;
  readonly score: number;
  readonly smoothed: number;
}

export type EvaluatorMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly detail: string }
  | { readonly type: 'evaluated'; readonly scores: SplitScores; readonly backend: string }
  | { readonly type: 'detected'; readonly detection: FileDetection; readonly backend: string }
  | { readonly type: 'stream-ready'; readonly sampleRate: number; readonly windowSamples: number; readonly backend: string }
  | { readonly type: 'chunk-scores'; readonly id: number; readonly steps: readonly StreamStep[]; readonly detections: readonly Detection[] }
  /** The model of a 'detect-files' job is loaded: its backend and the step long recordings are scored with. */
  | { readonly type: 'detect-ready'; readonly backend: string; readonly hopSeconds: number }
  | { readonly type: 'file-detected'; readonly index: number; readonly detection: FileDetection; readonly waveform?: readonly number[] }
  /** A file that could not be scored; the message names the file as it was given. */
  | { readonly type: 'file-failed'; readonly index: number; readonly message: string }
  | { readonly type: 'files-done' }
  | { readonly type: 'error'; readonly message: string };

const MESSAGE_TYPES = new Set<EvaluatorMessage['type']>(['progress', 'evaluated', 'detected', 'stream-ready', 'chunk-scores', 'detect-ready', 'file-detected', 'file-failed', 'files-done', 'error']);
const JOB_TYPES = new Set<EvaluatorJob['type']>(['evaluate', 'detect', 'detect-files', 'stream']);

export function isEvaluatorMessage(value: unknown): value is EvaluatorMessage {
  return typeof value === 'object' && value !== null && MESSAGE_TYPES.has((value as { type?: unknown }).type as EvaluatorMessage['type']);
}

export function isEvaluatorJob(value: unknown): value is EvaluatorJob {
  return typeof value === 'object' && value !== null && JOB_TYPES.has((value as { type?: unknown }).type as EvaluatorJob['type']);
}

export function isStreamRequest(value: unknown): value is StreamRequest {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return type === 'chunk' || type === 'stop';
}
