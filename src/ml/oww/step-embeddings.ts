/**
 * A whole recording's openWakeWord embeddings exactly as the run-time detector computes them: the 16
 * noise-seeded history rows, then one 96-d row per 80 ms step of openWakeWord's streaming feature path
 * (streaming-features.ts). Step i's classifier input is rows [i + 1, i + 16], i.e. what `wakeword detect` and
 * the microphone score at that step, so a long recording is embedded once (and cached) and every window
 * of it costs nothing more: validation streams for FA/h and long training negatives both use this.
 */
import { OWW_CHUNK_SAMPLES, OWW_CONTEXT_EMBEDDINGS, OWW_EMBEDDING_DIM, OWW_MEL_BINS, OWW_MEL_CONTEXT_SAMPLES, OWW_WINDOW_FRAMES } from '../../shared/core/oww/oww-constants';
import { toInt16Scale, type OwwBackbone } from './backbone';
import type { OwwEmbeddingCache } from './embedding-cache';
import { chunkMelInputs, melWindows, OwwStreamingFeatures } from './streaming-features';

/** Steps embedded per block (5 s): bounds the mel buffer each block builds. */
const BLOCK_CHUNKS = 62;
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

/** Told the steps embedded so far after every block, so a long recording's pass can show progress. */
export type StepProgress = (done: number, total: number) => void;

/**
 * Blocks in flight at once: mel calls of the blocks ahead run while earlier blocks embed, so every embedding
 * worker has queued work (backbone-pool.ts); the mel tail is still handed on in block order.
 */
const BLOCKS_AHEAD = 4;

/** `promise`, with a failure already observed: it surfaces where the promise is awaited, never as an unhandled rejection. */
function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Embeds a recording (float, 16 kHz) step by step; trailing samples short of a whole step are dropped, as at run time. */
export async function embedRecordingSteps(backbone: OwwBackbone, audio: Float32Array, onSteps?: StepProgress): Promise<StepEmbeddings> {
  const features = await OwwStreamingFeatures.create(backbone);
  const steps = Math.floor(audio.length / OWW_CHUNK_SAMPLES);
  const rows = new Float32Array((OWW_CONTEXT_EMBEDDINGS + steps) * OWW_EMBEDDING_DIM);
  rows.set(features.seedRows());
  const blocks = Math.ceil(steps / BLOCK_CHUNKS);
  // The same calls as OwwStreamingFeatures.pushEmbeddings block by block (so the same numbers), but the mel
  // inputs of a block depend only on the audio: later blocks' mel calls are sent before earlier ones embed.
  const melOf = (block: number): Promise<Float32Array[]> => {
    const first = block * BLOCK_CHUNKS;
    const last = Math.min(steps, first + BLOCK_CHUNKS);
    const start = first * OWW_CHUNK_SAMPLES;
    const context = start === 0 ? new Float32Array(0) : toInt16Scale(audio.subarray(start - OWW_MEL_CONTEXT_SAMPLES, start));
    return backbone.melspectrograms(chunkMelInputs(toInt16Scale(audio.subarray(start, last * OWW_CHUNK_SAMPLES)), context));
  };
  const mels: (Promise<Float32Array[]> | undefined)[] = [];
  const embeds: Promise<void>[] = [];
  let sent = 0;
  let done = 0;
  let tail: Float32Array = new Float32Array(OWW_WINDOW_FRAMES * OWW_MEL_BINS).fill(1);
  try {
    for (let block = 0; block < blocks; block += 1) {
      for (; sent < Math.min(blocks, block + BLOCKS_AHEAD); sent += 1) mels[sent] = observed(melOf(sent));
      const specs = await (mels[block] as Promise<Float32Array[]>);
      mels[block] = undefined;
      const made = melWindows(tail, specs);
      tail = made.tail;
      const at = (OWW_CONTEXT_EMBEDDINGS + block * BLOCK_CHUNKS) * OWW_EMBEDDING_DIM;
      embeds.push(
        observed(
          backbone.embedWindows(made.windows, specs.length).then((part) => {
            rows.set(part, at);
            done += specs.length;
            onSteps?.(done, steps);
          }),
        ),
      );
      // Bounded: at most BLOCKS_AHEAD blocks of windows wait for the workers.
      if (embeds.length >= BLOCKS_AHEAD) await embeds.shift();
    }
    await Promise.all(embeds);
  } finally {
    // A failure leaves no promise unobserved.
    await Promise.allSettled([...mels, ...embeds]);
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
  onSteps?: StepProgress,
): Promise<StepEmbeddings | null> {
  const cached = await cache.get(key);
  if (cached && cached.length >= PER_INPUT && cached.length % OWW_EMBEDDING_DIM === 0) return stepsOf(cached);
  const audio = await load();
  if (!audio) return null;
  const embedded = await embedRecordingSteps(backbone, audio, onSteps);
  await cache.put(key, embedded.rows);
  return embedded;
}
