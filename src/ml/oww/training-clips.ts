/**
 * The CPU work behind one openWakeWord training example: decode the clip, place it in the 2 s window, make the
 * seeded augmented copy, embed. One function runs it, in an embedding worker (backbone-worker.ts) or on the
 * calling thread (no workers), so both paths give the same numbers and the trainer's thread stays free.
 */
import type { TrainingConfig } from '../../shared/config/schema';
import { AUGMENTATION_VERSION, augmentWaveform } from '../../shared/core/audio/augment/pipeline';
import { createRng } from '../../shared/core/audio/rng';
import type { ClipKind } from '../../shared/core/metrics';
import { OWW_CLIP_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_SAMPLE_RATE } from '../../shared/core/oww/oww-constants';
import { endAlignedWindow, randomWindow, windowAt, windowStarts } from '../../shared/core/oww/oww-window';
import { loadMonoClip } from '../../node/audio/decode-audio';
import { errorMessage } from '../../shared/error-message';

export const PER_EXAMPLE = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;
/** Phrases end this long before the window's end in clean copies; augmented copies draw from [0, MAX_END_PAD]. */
const CLEAN_END_PAD = 0.1 * OWW_SAMPLE_RATE;
const MAX_END_PAD = 0.3 * OWW_SAMPLE_RATE;
/** Long negative recordings: a training window every second; validation windows do not overlap. */
const TRAIN_HOP = OWW_SAMPLE_RATE;
export const VALIDATION_HOP = OWW_CLIP_SAMPLES;

export type ClipSource = 'train' | 'val';

/** One example to compute: a clip (absolute `file`, `relative` to data/raw) and its copy (0 = clean). */
export interface ClipJob {
  readonly file: string;
  readonly relative: string;
  readonly kind: ClipKind;
  readonly source: ClipSource;
  readonly copy: number;
}

/** What every job of a pass shares: the seed and the augmentation settings. */
export interface ClipRecipe {
  readonly seed: number;
  readonly augmentation: TrainingConfig['augmentation'];
}

/** Bumped whenever window placement changes, so stale cache entries are not reused. */
export const RECIPE_VERSION = 1;

/**
 * The cache recipe of augmented copies: placement version, transform version (AUGMENTATION_VERSION), settings
 * and the background/ and rirs/ files they draw from. Clean copies have their own recipe and are unaffected.
 */
export function augmentedCopyRecipe(augmentation: TrainingConfig['augmentation'], background: readonly string[], rirs: readonly string[]): string {
  return JSON.stringify({ v: RECIPE_VERSION, transforms: AUGMENTATION_VERSION, augmentation, background, rirs });
}

/** Decoded background/ and rirs/ audio for augmented copies (SharedArrayBuffer-backed when workers share it). */
export interface AugmentationAudio {
  readonly backgrounds: readonly Float32Array[];
  readonly rirs: readonly Float32Array[];
}

/** A job's embeddings ([windows x 16 x 96] joined) and its clip's duration, or why its clip could not be read. */
export type ClipOutcome = { readonly rows: Float32Array; readonly windows: number; readonly seconds: number } | { readonly error: string };

export interface ClipEmbedder {
  embedClips(clips: readonly Float32Array[]): Promise<Float32Array[]>;
}

export function isPhrase(kind: ClipKind): boolean {
  return kind === 'positive' || kind === 'hard_negative';
}

/** FNV-1a: a stable per-clip seed offset (not for security). */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Windows of one job's audio, before embedding: the clean placement, or one seeded augmented copy. */
export function clipWindows(job: ClipJob, audio: Float32Array, recipe: ClipRecipe, augmentationAudio: () => AugmentationAudio): Float32Array[] {
  if (job.copy === 0) {
    if (isPhrase(job.kind) || audio.length <= OWW_CLIP_SAMPLES) return [endAlignedWindow(audio, OWW_CLIP_SAMPLES, CLEAN_END_PAD)];
    const hop = job.source === 'val' ? VALIDATION_HOP : TRAIN_HOP;
    return windowStarts(audio.length, OWW_CLIP_SAMPLES, hop).map((start) => windowAt(audio, start, OWW_CLIP_SAMPLES));
  }
  // Seeded per clip and copy (not per order of work), so any thread computing the job draws the same copy.
  const rng = createRng(recipe.seed ^ hashString(`${job.relative}#${job.copy}`));
  const placed = isPhrase(job.kind) ? endAlignedWindow(audio, OWW_CLIP_SAMPLES, rng.uniform(0, MAX_END_PAD)) : randomWindow(audio, OWW_CLIP_SAMPLES, rng);
  const { backgrounds, rirs } = augmentationAudio();
  return [augmentWaveform(placed, { sampleRate: OWW_SAMPLE_RATE, clipSamples: OWW_CLIP_SAMPLES, positive: isPhrase(job.kind), augment: true, config: recipe.augmentation, backgrounds, rirs, rng })];
}

/** The outcome of each job, in order, and how many windows went through the embedding model for them. */
export interface ClipBatch {
  readonly outcomes: ClipOutcome[];
  readonly modelWindows: number;
}

/**
 * Decodes, places, augments and embeds `jobs`. Copies of one clip follow each other and share one decode;
 * all windows share the embedding model's batches.
 */
export async function embedTrainingClips(jobs: readonly ClipJob[], recipe: ClipRecipe, embedder: ClipEmbedder, augmentationAudio: () => AugmentationAudio): Promise<ClipBatch> {
  const prepared: ({ windows: Float32Array[]; seconds: number } | { error: string })[] = [];
  let decodedFile: string | null = null;
  let audio: Float32Array | { error: string } = { error: 'not decoded' };
  for (const job of jobs) {
    if (decodedFile !== job.relative) {
      decodedFile = job.relative;
      try {
        audio = await loadMonoClip(job.file, OWW_SAMPLE_RATE, { displayName: job.relative });
      } catch (error) {
        audio = { error: errorMessage(error) };
      }
    }
    prepared.push(audio instanceof Float32Array ? { windows: clipWindows(job, audio, recipe, augmentationAudio), seconds: audio.length / OWW_SAMPLE_RATE } : audio);
  }
  const embedded = await embedder.embedClips(prepared.flatMap((entry) => ('windows' in entry ? entry.windows : [])));
  let at = 0;
  const outcomes = prepared.map((entry): ClipOutcome => {
    if (!('windows' in entry)) return entry;
    const rows = new Float32Array(entry.windows.length * PER_EXAMPLE);
    for (let i = 0; i < entry.windows.length; i += 1) rows.set((embedded[at + i] as Float32Array).subarray(0, PER_EXAMPLE), i * PER_EXAMPLE);
    at += entry.windows.length;
    return { rows, windows: entry.windows.length, seconds: entry.seconds };
  });
  return { outcomes, modelWindows: embedded.reduce((n, part) => n + part.length / OWW_EMBEDDING_DIM, 0) };
}
