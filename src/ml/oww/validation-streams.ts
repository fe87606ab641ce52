/**
 * A split's audio as oww_* models meet it at run time, embedded once with the run-time feature path
 * (step-embeddings.ts) and cached: general negatives (the split's negative/ files) joined in split order into
 * continuous streams of up to 10 minutes (a longer recording is a stream of its own), and every positive or
 * hard-negative clip in a short stream of its own, after 2 s of faint noise (the classifier's whole window)
 * and followed by 0.48 s, so smoothing sees the phrase as the detector would. Training validation and
 * `wakeword eval` both build their streams here.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createRng } from '../../shared/core/audio/rng';
import type { SplitFile } from '../../shared/core/dataset/manifest';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../shared/core/evaluation/operating-point';
import type { StreamDetectorSettings } from '../../shared/core/detection/streaming-fah';
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { OWW_STEP_GEOMETRY } from './step-geometry';
import { groupNegatives, type StepStream, type StreamedClip, type StreamingValidationSet, type StreamMember } from '../streaming-validation';
import { readSplit } from '../training-data';
import type { EvalSet } from '../training-loop';
import type { OwwBackbone } from './backbone';
import { OwwEmbeddingCache, owwCacheDir } from './embedding-cache';
import { STEP_RECIPE, cachedRecordingSteps, stepInput, type StepEmbeddings } from './step-embeddings';
import { errorMessage } from '../../shared/error-message';

/** Before each clip: the classifier's whole 2 s window of faint noise (25 steps). */
export const CLIP_LEAD_SAMPLES = 25 * OWW_CHUNK_SAMPLES;
/** After each clip: a detector fires shortly after the phrase ends (6 steps). */
export const CLIP_TAIL_SAMPLES = 6 * OWW_CHUNK_SAMPLES;
const NOISE_LEVEL = 1e-3;
/** Clips embedded at once. */
const CLIP_LANES = 4;
/** Bumped when stream assembly changes, so stale cache entries are not reused. */
export const STREAM_RECIPE = `${STEP_RECIPE}/validation-streams-v1`;

export interface OwwSplitStreams extends StreamingValidationSet {
  readonly warnings: readonly string[];
  readonly cache: { readonly hits: number; readonly misses: number };
}

export interface OwwStreamOptions {
  /** Default: <workspace>/cache/oww; the streams live in its streams/ folder. */
  readonly cacheDir?: string;
  /** Smoothing and refractory period of the detector (default: the detector's defaults). */
  readonly detection?: Pick<DetectionSettings, 'smoothing' | 'refractorySeconds'>;
  readonly onProgress?: (done: number, total: number, detail: string) => void;
}

interface Member {
  readonly file: SplitFile;
  readonly absolute: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** background/ is not split (every run trains on it), so only negative/ files of the split are held out. */
const isGeneralNegative = (file: SplitFile): boolean => file.category === 'negative';

/** Faint noise, the same for every clip (so the cache key needs only the clip). */
function quietNoise(samples: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: samples }, () => (rng.next() * 2 - 1) * NOISE_LEVEL);
}

/** A clip's own short stream: faint noise for the classifier's whole window before it, a little after it. */
export function placeClipInStream(audio: Float32Array): Float32Array {
  const placed = new Float32Array(CLIP_LEAD_SAMPLES + audio.length + CLIP_TAIL_SAMPLES);
  placed.set(quietNoise(CLIP_LEAD_SAMPLES, 1));
  placed.set(audio, CLIP_LEAD_SAMPLES);
  placed.set(quietNoise(CLIP_TAIL_SAMPLES, 2), CLIP_LEAD_SAMPLES + audio.length);
  return placed;
}

/** Every step after the lead-in has the clip in its window: the first ends just after the clip begins. */
export const CLIP_FIRST_STEP = CLIP_LEAD_SAMPLES / OWW_CHUNK_SAMPLES;

export function asStepStream(embeddings: StepEmbeddings): StepStream {
  return { steps: embeddings.steps, input: (step) => stepInput(embeddings, step) };
}

export async function loadOwwSplitStreams(workspace: string, files: readonly SplitFile[], backbone: OwwBackbone, options: OwwStreamOptions = {}): Promise<OwwSplitStreams> {
  const raw = path.join(workspace, 'data', 'raw');
  const cache = new OwwEmbeddingCache(path.join(options.cacheDir ?? owwCacheDir(workspace), 'streams'), backbone.hash);
  const warnings: string[] = [];
  const onProgress = options.onProgress ?? (() => undefined);
  const detection = options.detection ?? DEFAULT_DETECTION_SETTINGS;
  const settings: StreamDetectorSettings = { sampleRate: OWW_SAMPLE_RATE, ...OWW_STEP_GEOMETRY, smoothing: detection.smoothing, refractorySeconds: detection.refractorySeconds };

  const members: Member[] = [];
  for (const file of files) {
    const absolute = path.join(raw, file.path);
    try {
      const info = await stat(absolute);
      members.push({ file, absolute, size: info.size, mtimeMs: info.mtimeMs });
    } catch {
      warnings.push(`Skipped ${file.path}: the file is missing (scan and split the dataset again)`);
    }
  }
  const decode = async (member: Member): Promise<Float32Array | null> => {
    try {
      return await loadMonoClip(member.absolute, OWW_SAMPLE_RATE, { displayName: member.file.path });
    } catch (error) {
      warnings.push(`Skipped ${member.file.path}: ${errorMessage(error)}`);
      return null;
    }
  };
  const keyOf = (group: readonly Member[], part: string): string =>
    cache.key({ file: group.map((m) => m.absolute).join('\n'), size: group.reduce((n, m) => n + m.size, 0), mtimeMs: 0, recipe: `${STREAM_RECIPE}/${part}/${JSON.stringify(group.map((m) => [m.size, Math.round(m.mtimeMs)]))}`, seed: 0, copy: 0 });

  const groups = groupNegatives(members.filter((m) => isGeneralNegative(m.file)));
  const phrases = members.filter((m) => m.file.category === 'positive' || m.file.category === 'hard_negative');
  const total = groups.length + phrases.length;
  let done = 0;
  const report = (): void => onProgress(done, total, `Embedding validation streams (${String(done)}/${String(total)}, ${String(cache.hits)} from the cache)`);
  report();

  const negatives: StepStream[] = [];
  const streamMembers: StreamMember[] = [];
  for (const [index, group] of groups.entries()) {
    const embedded = await cachedRecordingSteps(cache, keyOf(group, 'negatives'), backbone, async () => {
      const parts: Float32Array[] = [];
      for (const member of group) {
        const audio = await decode(member);
        if (audio) parts.push(audio);
      }
      if (parts.length === 0) return null;
      const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        joined.set(part, at);
        at += part.length;
      }
      return joined;
    }, (steps, of) => {
      // A long stream takes minutes to embed the first time: say how far it is.
      if (steps < of) onProgress(done, total, `Embedding validation stream ${String(index + 1)} of ${String(groups.length)} (${String(Math.round((100 * steps) / of))} %)`);
    });
    done += 1;
    report();
    if (!embedded || embedded.steps === 0) continue;
    const stream = negatives.length;
    negatives.push(asStepStream(embedded));
    // Where each file sits, from its scanned length (a cache hit does not decode the audio).
    let start = 0;
    for (const member of group) {
      const end = start + Math.round((member.file.durationSeconds ?? 0) * OWW_SAMPLE_RATE);
      const firstStep = Math.min(embedded.steps - 1, Math.floor(start / OWW_CHUNK_SAMPLES));
      streamMembers.push({ path: member.file.path, stream, firstStep, lastStep: Math.max(firstStep, Math.min(embedded.steps - 1, Math.floor(end / OWW_CHUNK_SAMPLES) - 1)) });
      start = end;
    }
  }

  // A clip's stream is one block of steps: several at once keep every embedding worker busy (results keep split order).
  const embeddedClips: (StepEmbeddings | null)[] = new Array<StepEmbeddings | null>(phrases.length).fill(null);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < phrases.length) {
      const index = next++;
      const member = phrases[index] as Member;
      embeddedClips[index] = await cachedRecordingSteps(cache, keyOf([member], 'clip'), backbone, async () => {
        const audio = await decode(member);
        return audio ? placeClipInStream(audio) : null;
      });
      done += 1;
      if (done % 50 === 0) report();
    }
  };
  await Promise.all(Array.from({ length: CLIP_LANES }, lane));
  const clips: StreamedClip[] = [];
  phrases.forEach((member, index) => {
    const embedded = embeddedClips[index];
    if (!embedded || embedded.steps <= CLIP_FIRST_STEP) return;
    clips.push({ path: member.file.path, kind: member.file.category === 'positive' ? 'positive' : 'hard_negative', stream: asStepStream(embedded), firstStep: CLIP_FIRST_STEP, lastStep: embedded.steps - 1 });
  });
  report();
  return { negatives, members: streamMembers, clips, settings, inputSize: OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM, warnings, cache: { hits: cache.hits, misses: cache.misses } };
}


/** The validation split's streams, or null when there is no split yet (the caller reports that). */
export async function loadValidationStreams(workspace: string, backbone: OwwBackbone, options: OwwStreamOptions = {}): Promise<OwwSplitStreams | null> {
  let val;
  try {
    val = await readSplit(workspace, 'val');
  } catch {
    return null;
  }
  return loadOwwSplitStreams(workspace, val.files, backbone, options);
}

/**
 * Adds the validation split's streams to loaded oww training data (validation.streaming), so every epoch
 * measures FA/h, the threshold for the target, recall and hard-negative FPR as the detector runs.
 */
export function withValidationStreams<T extends { readonly validation: EvalSet; readonly warnings: readonly string[] }>(data: T, streams: OwwSplitStreams | null): T {
  if (!streams) return data;
  const warnings = [...data.warnings, ...streams.warnings.filter((w) => !data.warnings.includes(w))];
  // Copies property descriptors, not values: the training data's trainSize is a getter (it grows as mining
  // adds windows), which a spread would freeze.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(data)) as T;
  return Object.assign(copy, { warnings, validation: { ...data.validation, streaming: streams } });
}
