/**
 * A whole recording's openWakeWord embeddings exactly as the run-time detector computes them: the 16
 * noise-seeded history rows, then one 96-d row per 80 ms step of openWakeWord's streaming feature path
 * (streaming-features.ts). Step i's classifier input is rows [i + 1, i + 16], i.e. what `wakeword detect` and
 * the microphone score at that step, so a long recording is embedded once (and cached) and every window
 * of it costs nothing more: validation streams for FA/h and long training negatives both use this.
 */
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM } from '../../shared/core/oww/oww-constants';
import type { OwwBackbone } from './backbone';
import type { OwwEmbeddingCache } from './embedding-cache';
import { OwwStreamingFeatures } from './streaming-features';

/** Audio pushed through the streaming features at once (5 s): bounds the mel buffer each push builds. */
const BLOCK_SAMPLES = 62 * OWW_CHUNK_SAMPLES;
const PER_INPUT = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;
/** Bumped when the row layout or the feature path changes, so stale cache entries are not reused. */
export const STEP_RECIPE = 'steps-v1';

export interface StepEmbeddings {
  /** [16 + steps] x 96, row-major: the seeded history, then one row per 80 ms step. */
  readonly rows: Float32Array;
  readonly steps: number;
}

export function stepsOf(rows: Float32Array): StepEmbeddings {
  const count = rows.length / OWW_EMBEDDING_DIM - OWW_CONTEXT_EMBEDDINGS;
  if (!Number.isInteger(count) || count < 0) throw new Error(`step embeddings: ${rows.length} values are not 16 seed rows plus whole steps of ${OWW_EMBEDDING_DIM}`);
  return { rows, steps: count };
}

/** Embeds a recording (float, 16 kHz) step by step; trailing samples short of a whole step are dropped, as at run time. */
export async function embedRecordingSteps(backbone: OwwBackbone, audio: Float32Array, onProgress?: (samplesDone: number, samples: number) => void): Promise<StepEmbeddings> {
  const features = await OwwStreamingFeatures.create(backbone);
  const steps = Math.floor(audio.length / OWW_CHUNK_SAMPLES);
  const rows = new Float32Array((OWW_CONTEXT_EMBEDDINGS + steps) * OWW_EMBEDDING_DIM);
  rows.set(features.seedRows());
  let at = OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM;
  for (let start = 0; start < audio.length; start += BLOCK_SAMPLES) {
    const part = await features.pushEmbeddings(audio.subarray(start, Math.min(audio.length, start + BLOCK_SAMPLES)));
    rows.set(part, at);
    at += part.length;
    onProgress?.(Math.min(audio.length, start + BLOCK_SAMPLES), audio.length);
  }
  return { rows, steps };
}

/** The classifier input [16 x 96] at step `step` (a view into `rows`, not a copy). */
export function stepInput(embeddings: StepEmbeddings, step: number): Float32Array {
  if (!Number.isInteger(step) || step < 0 || step >= embeddings.steps) throw new RangeError(`step ${String(step)} is outside 0..${String(embeddings.steps - 1)}`);
  const from = (step + 1) * OWW_EMBEDDING_DIM;
  return embeddings.rows.subarray(from, from + PER_INPUT);
}

/**
 * embedRecordingSteps through the embedding cache: `key` must name everything the audio depends on (see
 * OwwEmbeddingCache.key); `load` is called only on a miss, and may return null for unreadable audio.
 */
export async function cachedRecordingSteps(
  cache: OwwEmbeddingCache,
  key: string,
  backbone: OwwBackbone,
  load: () => Promise<Float32Array | null>,
  onProgress?: (samplesDone: number, samples: number) => void,
): Promise<StepEmbeddings | null> {
  const cached = await cache.get(key);
  if (cached && cached.length >= PER_INPUT && cached.length % OWW_EMBEDDING_DIM === 0) return stepsOf(cached);
  const audio = await load();
  if (!audio) return null;
  const embedded = await embedRecordingSteps(backbone, audio, onProgress);
  await cache.put(key, embedded.rows);
  return embedded;
}
