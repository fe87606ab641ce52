/** The evaluation and detection part of the contract (each entry listed in src/shared/api.ts). */
import { z } from 'zod';
import { SPLIT_NAMES, type SplitName } from '../dataset/categories';
import type { FileDetection } from '../detection/file-detection';
import type { Detection } from '../detection/streaming-detector';
import type { StreamStep } from '../../evaluator-protocol';
import type { SplitScores } from './evaluation-report';
import type { RunOperatingPoint } from './operating-point';

const runId = z.string().min(1).max(100);
/** A path under the workspace's data/raw, as the split manifests list it. */
const rawPath = z.string().min(1).max(4096);
const backend = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
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

export interface EvaluationRequestResults {
  'evaluation:run': EvaluationResult;
  'evaluation:operating-point': RunOperatingPoint;
  'evaluation:save-operating-point': RunOperatingPoint;
  'evaluation:clip': ClipAudio;
  /** The copy's path under data/raw. */
  'evaluation:add-hard-negative': { readonly path: string };
  'detection:run': DetectionResult;
  'detection:segment-audio': ClipAudio;
  'detection:save-candidate': { readonly path: string };
  'detection:stream-start': LiveStreamInfo;
  'detection:stream-chunk': LiveChunkResult;
  'detection:stream-stop': { readonly stopped: boolean };
}

export interface EvaluationProgress {
  readonly runId: string;
  readonly job: 'evaluate' | 'detect';
  readonly done: number;
  readonly total: number;
  readonly detail: string;
}

export interface EvaluationEventPayloads {
  /** Scoring progress of an evaluation or detection job. */
  'evaluation:progress': EvaluationProgress;
}
