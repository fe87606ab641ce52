/** The workspace and dataset part of the contract: argument schemas and result types, each entry listed in src/shared/contract/api.ts. */
import { z } from 'zod';
import { DATASET_CATEGORIES } from '../core/dataset/categories';
import type { DatasetChange, DatasetOverview, ScanOutcome, ScanProgress, SplitSummary, WorkspaceStatus } from '../core/dataset/dataset-types';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_CHARS, type ImportProgress, type ImportResult, type UploadChunkResult } from '../core/dataset/import/import-types';
import { GROUP_BY } from '../core/dataset/manifest';
import { MAX_CAPTURE_RATE, MAX_TAKE_BASE64_CHARS, MIN_CAPTURE_RATE, RECORD_CATEGORIES, type SavedRecording } from '../core/dataset/recording/recording-types';
import type { DemoResult, NegativeSpeechResult, SynthEngines, SynthProgress, SynthResult } from '../core/dataset/synth/synth-types';
import { isEngineId, voiceEngine } from '../core/dataset/synth/voice-ids';
import { phraseProblem } from '../core/dataset/synth/voices';

const folderArgs = z.strictObject({ path: z.string().trim().min(1, 'enter a folder path').max(4096) });
const ratio = z.number().min(0).max(1);
const category = z.enum(DATASET_CATEGORIES);
/** Spoken text: one plain line (it goes to a speech engine on stdin or as one argument). */
const phrase = z
  .string()
  .trim()
  .superRefine((text, context) => {
    const problem = phraseProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** A voice id (`flite:slt`) or an engine name (`flite`), as `wakeword synth --voices` takes them. */
const voiceSelector = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((id) => voiceEngine(id) !== null && (isEngineId(id) || !id.endsWith(':')), 'voice ids read engine:voice (see `wakeword voices`)');

export const datasetRequestSchemas = {
  'workspace:open': folderArgs,
  'workspace:create': folderArgs,
  'workspace:pick-folder': z.undefined(),
  'dataset:overview': z.undefined(),
  'dataset:scan': z.undefined(),
  'dataset:cancel-scan': z.undefined(),
  'dataset:split': z
    .strictObject({
      ratios: z.tuple([ratio, ratio, ratio]).optional(),
      seed: z.number().int().min(0).max(0xffffffff).optional(),
      groupBy: z.enum(GROUP_BY).optional(),
    })
    .optional(),
  /** Desktop drag-and-drop: files and folders by path, copied into data/raw/<category>/. */
  'dataset:import-paths': z.strictObject({ category, paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }),
  /** Browser drag-and-drop: one file's bytes, in order, in base64 chunks that fit a WebSocket message. */
  'dataset:import-upload': z.strictObject({
    uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'upload ids are 8-64 letters, digits, - or _'),
    category,
    /** The dropped file's name, with its folder path for dropped folders ("speaker_a/clip.wav"). */
    name: z.string().min(1).max(1024),
    size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
    offset: z.number().int().min(0),
    data: z.string().max(UPLOAD_CHUNK_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64'),
    last: z.boolean(),
  }),
  /** The speech engines found, their voices, and how to install the missing ones. */
  'dataset:synth-engines': z.undefined(),
  'dataset:synthesize': z.strictObject({
    phrase,
    count: z.number().int().min(1).max(2000),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    /** Confusable phrases to speak as hard negatives. */
    negatives: z.array(phrase).max(50).optional(),
    /** Hard negatives in all, spread over the phrases; defaults to `count`. */
    negativeCount: z.number().int().min(1).max(2000).optional(),
  }),
  'dataset:create-demo': folderArgs,
  /** One recorded take, already trimmed: mono 16-bit little-endian PCM (base64) at the capture rate. */
  'dataset:save-recording': z.strictObject({
    category: z.enum(RECORD_CATEGORIES),
    sampleRate: z.number().int().min(MIN_CAPTURE_RATE).max(MAX_CAPTURE_RATE),
    pcm16: z.string().min(1).max(MAX_TAKE_BASE64_CHARS, 'the take is too long: takes are at most 30 s').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'pcm16 must be base64'),
  }),
  /** Removes a take saved by dataset:save-recording; only files under data/raw/<category>/recorded/ can be removed. */
  'dataset:delete-recording': z.strictObject({ path: z.string().min(1).max(4096) }),
  /** Long files of random everyday sentences into data/raw/negative/speech/generated. */
  'dataset:negative-speech': z.strictObject({
    hours: z.number().gt(0).max(100),
    /** The wake phrase the sentences avoid; defaults to the one the workspace's synthetic positives say. */
    phrase: phrase.optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    voices: z.array(voiceSelector).max(1000).optional(),
    excludeVoices: z.array(voiceSelector).max(1000).optional(),
  }),
  /** Stops a running negative-speech generation; whether one was running. */
  'dataset:cancel-synth': z.undefined(),
} as const;

export interface DatasetRequestResults {
  'workspace:open': WorkspaceStatus;
  'workspace:create': WorkspaceStatus;
  /** The chosen folder, or null when cancelled or when the host has no native picker (serve). */
  'workspace:pick-folder': string | null;
  'dataset:overview': DatasetOverview;
  'dataset:scan': ScanOutcome;
  /** Whether a running scan was told to stop. */
  'dataset:cancel-scan': boolean;
  'dataset:split': SplitSummary;
  'dataset:import-paths': ImportResult;
  'dataset:import-upload': UploadChunkResult;
  'dataset:synth-engines': SynthEngines;
  'dataset:synthesize': SynthResult;
  'dataset:create-demo': DemoResult;
  'dataset:save-recording': SavedRecording;
  'dataset:delete-recording': { readonly deleted: string };
  'dataset:negative-speech': NegativeSpeechResult;
  'dataset:cancel-synth': boolean;
}

export interface DatasetEventPayloads {
  'dataset:scan-progress': ScanProgress;
  'dataset:import-progress': ImportProgress;
  'dataset:synth-progress': SynthProgress;
  'dataset:changed': DatasetChange;
}
