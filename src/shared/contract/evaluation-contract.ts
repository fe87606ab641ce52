/** The evaluation and detection part of the contract (each entry listed in src/shared/contract/api.ts). */
import { z } from 'zod';
import { SPLIT_NAMES, type SplitName } from '../core/dataset/categories';
import { UPLOAD_CHUNK_CHARS } from '../core/dataset/import/import-types';
import type { FileDetection } from '../core/detection/file-detection';
import type { Detection } from '../core/detection/streaming-detector';
import type { StreamStep } from './evaluator-protocol';
import type { SplitScores } from '../core/evaluation/evaluation-report';
import type { RunOperatingPoint } from '../core/evaluation/operating-point';

const runId = z.string().min(1).max(100);
/** A path under the workspace's data/raw, as the split manifests list it. */
const rawPath = z.string().min(1).max(4096);
const backend = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
/** Most recordings one `evaluation:score-files` request scores (the panel sends a drop's worth at a time). */
export const MAX_SCORED_RECORDINGS = 100;
/** Recordings above this are refused by name: the evaluator holds the whole decoded file in memory. */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
/** Where browser uploads for evaluation are kept, inside the workspace (never under data/raw: scans do not see them). */
export const EVALUATION_UPLOADS_FOLDER = 'evaluation-uploads';
/** Points of the waveform overview sent with each scored recording. */
export const WAVEFORM_POINTS = 800;
const uploadId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'upload ids are 8-64 letters, digits, - or _');
const detectionSettings = {
  smoothing: z.number().int().min(1).max(100),
  hopSeconds: z.number().min(0.01).max(10),
  refractorySeconds: z.number().min(0).max(60),
};

export const evaluationRequestSchemas = {
  'evaluation:run': z.strictObject({ runId, split: z.enum(SPLIT_NAMES), backend: backend.optional() }),
  'evaluation:operating-point': z.strictObject({ runId }),
  'evaluation:save-operating-point': z.strictObject({
    runId,
    threshold: z.number().min(0).max(1.000001),
    source: z.enum(['target-fah', 'threshold']),
    targetFah: z.number().min(0).max(10000).nullable(),
    split: z.enum(SPLIT_NAMES).nullable(),
    frr: z.number().min(0).max(1).nullable(),
    fah: z.number().min(0).nullable(),
    fahEstimate: z
      .strictObject({ falseAccepts: z.number().int().min(0), hours: z.number().min(0), fah: z.number().nullable(), upper95: z.number().nullable() })
      .nullable()
      .optional(),
    ...detectionSettings,
  }),
  'evaluation:clip': z.strictObject({ path: rawPath }),
  'evaluation:add-hard-negative': z.strictObject({ path: rawPath }),
  /** Desktop: audio files chosen in the native dialog (absolute paths); empty when cancelled or without a dialog (serve). */
  'evaluation:pick-files': z.undefined(),
  /** Browser: one recording's bytes, in order, in base64 chunks; kept under <workspace>/evaluation-uploads/. */
  'evaluation:upload': z.strictObject({
    uploadId,
    name: z.string().min(1).max(1024),
    size: z.number().int().min(0),
    offset: z.number().int().min(0),
    data: z.string().max(UPLOAD_CHUNK_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64'),
    last: z.boolean(),
  }),
  /**
   * Any recordings through the run's streaming detector (as `wakeword detect`): paths inside the workspace, or
   * on the desktop absolute paths the user chose. Settings default to the run's operating point.
   */
  'evaluation:score-files': z.strictObject({
    runId,
    files: z.array(z.string().min(1).max(4096)).min(1).max(MAX_SCORED_RECORDINGS),
    threshold: z.number().min(0).max(1.000001).optional(),
    smoothing: detectionSettings.smoothing.optional(),
    hopSeconds: detectionSettings.hopSeconds.optional(),
    refractorySeconds: detectionSettings.refractorySeconds.optional(),
    backend: backend.optional(),
  }),
  /** A scored recording's audio for playback (the same paths `evaluation:score-files` accepts). */
  'evaluation:file-audio': z.strictObject({ file: z.string().min(1).max(4096) }),
  'detection:run': z.strictObject({
    runId,
    file: z.string().min(1).max(4096),
    threshold: z.number().min(0).max(1.000001).optional(),
    smoothing: detectionSettings.smoothing.optional(),
    hopSeconds: detectionSettings.hopSeconds.optional(),
    refractorySeconds: detectionSettings.refractorySeconds.optional(),
    backend: backend.optional(),
  }),
  'detection:segment-audio': z.strictObject({ file: z.string().min(1).max(4096), start: z.number().min(0), end: z.number().min(0) }),
  'detection:save-candidate': z.strictObject({ file: z.string().min(1).max(4096), start: z.number().min(0), end: z.number().min(0) }),
  'detection:stream-start': z.strictObject({ runId, threshold: z.number().min(0).max(1.000001).optional(), smoothing: detectionSettings.smoothing.optional(), backend: backend.optional() }),
  /** ~100 ms of mono audio at the session's sample rate (2 s at most per chunk). */
  'detection:stream-chunk': z.strictObject({ sessionId: z.string().min(1).max(100), samples: z.array(z.number().min(-2).max(2)).max(32000) }),
  'detection:stream-stop': z.strictObject({ sessionId: z.string().min(1).max(100) }),
} as const;

export interface LiveStreamInfo {
  readonly sessionId: string;
  /** Rate the UI must send audio at. */
  readonly sampleRate: number;
  readonly windowSeconds: number;
  readonly hopSeconds: number;
  readonly threshold: number;
  readonly smoothing: number;
  readonly refractorySeconds: number;
  readonly backend: string;
}

export interface LiveChunkResult {
  readonly steps: readonly StreamStep[];
  readonly detections: readonly Detection[];
}

export interface EvaluationResult {
  readonly runId: string;
  readonly runDir: string;
  readonly split: SplitName;
  readonly scores: SplitScores;
  /** The run's current operating point (saved, or the trainer's threshold). */
  readonly operatingPoint: RunOperatingPoint;
  /** The FA/h target the run was trained for (config selection.target_fah), to start the picker from. */
  readonly targetFah: number;
  readonly backend: string;
}

export interface DetectionResult extends FileDetection {
  readonly runId: string;
  readonly threshold: number;
  readonly smoothing: number;
  readonly hopSeconds: number;
  readonly refractorySeconds: number;
  readonly backend: string;
}

export interface ClipAudio {
  readonly name: string;
  readonly mime: string;
  readonly base64: string;
}

export type RecordingUploadResult =
  | { readonly status: 'partial'; readonly received: number }
  /** `file` is relative to the workspace ("evaluation-uploads/kitchen (2).wav"). */
  | { readonly status: 'saved'; readonly file: string }
  /** Why the recording was not kept, naming it ("notes.txt: not an audio file …"). */
  | { readonly status: 'refused'; readonly reason: string };

export type ScoredRecording =
  | {
      readonly file: string;
      readonly ok: true;
      readonly detection: FileDetection;
      /** Peak amplitude (0-1) of WAVEFORM_POINTS equal slices of the recording, for the overview. */
      readonly waveform: readonly number[];
    }
  /** `message` names the file and says what is wrong with it. */
  | { readonly file: string; readonly ok: false; readonly message: string };

export interface RecordingScores {
  readonly runId: string;
  readonly threshold: number;
  readonly smoothing: number;
  readonly hopSeconds: number;
  readonly refractorySeconds: number;
  readonly backend: string;
  /** In the order the request named them. */
  readonly files: readonly ScoredRecording[];
}

export interface EvaluationRequestResults {
  'evaluation:run': EvaluationResult;
  'evaluation:operating-point': RunOperatingPoint;
  'evaluation:save-operating-point': RunOperatingPoint;
  'evaluation:clip': ClipAudio;
  /** The copy's path under data/raw. */
  'evaluation:add-hard-negative': { readonly path: string };
  'evaluation:pick-files': readonly string[];
  'evaluation:upload': RecordingUploadResult;
  'evaluation:score-files': RecordingScores;
  'evaluation:file-audio': ClipAudio;
  'detection:run': DetectionResult;
  'detection:segment-audio': ClipAudio;
  'detection:save-candidate': { readonly path: string };
  'detection:stream-start': LiveStreamInfo;
  'detection:stream-chunk': LiveChunkResult;
  'detection:stream-stop': { readonly stopped: boolean };
}

export interface EvaluationProgress {
  readonly runId: string;
  readonly job: 'evaluate' | 'detect' | 'score-files';
  readonly done: number;
  readonly total: number;
  readonly detail: string;
}

export interface EvaluationEventPayloads {
  /** Scoring progress of an evaluation or detection job. */
  'evaluation:progress': EvaluationProgress;
}
