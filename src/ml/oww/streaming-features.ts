/**
 * openWakeWord's streaming feature path (`AudioFeatures._streaming_features`) for audio arriving in 80 ms
 * chunks: the mel buffer starts as 76 frames of ones, each chunk's mel spectrogram is computed with the 480
 * samples before it as context (none for the first chunk, as in openWakeWord), and every chunk adds one embedding from the last 76 mel frames at its end.
 * The embedding history starts from embeddings of low-level noise, as openWakeWord's does (seeded here, so
 * scores replay exactly), which only affects the first 16 steps.
 */
import {
  OWW_CHUNK_SAMPLES,
  OWW_CONTEXT_EMBEDDINGS,
  OWW_EMBEDDING_DIM,
  OWW_MEL_BINS,
  OWW_MEL_CONTEXT_SAMPLES,
  OWW_STEP_FRAMES,
  OWW_WINDOW_FRAMES,
} from '../../shared/core/oww/oww-constants';
import { createRng } from '../../shared/core/audio/rng';
import { type OwwBackbone, toInt16Scale } from './backbone';

/** openWakeWord seeds its history with 4 s of uniform int16 noise in [-1000, 1000). */
const SEED_NOISE_SAMPLES = 4 * 16000;
const SEED = 1234;

/** One seed per loaded backbone: every stream starts from the same history, so it is computed once. */
const seeds = new WeakMap<OwwBackbone, Promise<Float32Array>>();

function seedEmbeddings(backbone: OwwBackbone): Promise<Float32Array> {
  let seed = seeds.get(backbone);
  if (!seed) {
    seed = computeSeed(backbone);
    seeds.set(backbone, seed);
    // A failed attempt is not remembered.
    seed.catch(() => seeds.delete(backbone));
  }
  return seed;
}

async function computeSeed(backbone: OwwBackbone): Promise<Float32Array> {
  const rng = createRng(SEED);
  const noise = Float32Array.from({ length: SEED_NOISE_SAMPLES }, () => rng.int(-1000, 999) / 32768);
  const [embeddings] = await backbone.embedClips([noise]);
  return (embeddings as Float32Array).slice(-OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM);
}

/**
 * The mel model's input for each whole 80 ms chunk of `pcm` (int16 scale): the chunk after the 480 samples
 * before it (`context` holds those for the first chunk: empty at a stream's start, as in openWakeWord).
 */
export function chunkMelInputs(pcm: Float32Array, context: Float32Array): Float32Array[] {
  const chunks = Math.floor(pcm.length / OWW_CHUNK_SAMPLES);
  const inputs: Float32Array[] = [];
  for (let c = 0; c < chunks; c += 1) {
    const before = c === 0 ? context : pcm.subarray(c * OWW_CHUNK_SAMPLES - OWW_MEL_CONTEXT_SAMPLES, c * OWW_CHUNK_SAMPLES);
    const input = new Float32Array(before.length + OWW_CHUNK_SAMPLES);
    input.set(before);
    input.set(pcm.subarray(c * OWW_CHUNK_SAMPLES, (c + 1) * OWW_CHUNK_SAMPLES), before.length);
    inputs.push(input);
  }
  return inputs;
}

/**
 * The embedding windows [chunks x 76 x 32] of a run of chunks whose mel frames are `specs`, after the last 76
 * frames before them (`mel`), and the last 76 frames after them (the next run's `mel`).
 */
export function melWindows(mel: Float32Array, specs: readonly Float32Array[]): { readonly windows: Float32Array; readonly tail: Float32Array } {
  const perWindow = OWW_WINDOW_FRAMES * OWW_MEL_BINS;
  const all = new Float32Array(mel.length + specs.reduce((n, spec) => n + spec.length, 0));
  all.set(mel);
  let at = mel.length;
  for (const spec of specs) {
    all.set(spec, at);
    at += spec.length;
  }
  const chunks = specs.length;
  const frames = all.length / OWW_MEL_BINS;
  const windows = new Float32Array(chunks * perWindow);
  for (let j = 0; j < chunks; j += 1) {
    const end = frames - OWW_STEP_FRAMES * (chunks - 1 - j);
    windows.set(all.subarray((end - OWW_WINDOW_FRAMES) * OWW_MEL_BINS, end * OWW_MEL_BINS), j * perWindow);
  }
  return { windows, tail: all.slice(all.length - perWindow) };
}

export class OwwStreamingFeatures {
  /** Int16-scale samples not yet making up a whole chunk. */
  private pending = new Float32Array(0);
  /** The last (up to) 480 samples already processed: the next mel call's context. */
  private context = new Float32Array(0);
  /** Mel frames, row-major [frames x 32]; only the last 76 are kept between pushes. */
  private mel: Float32Array;
  /** Embedding history [n x 96]; the last 16 are the classifier's input. */
  private history: Float32Array;

  private constructor(
    private readonly backbone: OwwBackbone,
    private readonly seed: Float32Array,
  ) {
    this.mel = new Float32Array(OWW_WINDOW_FRAMES * OWW_MEL_BINS).fill(1);
    this.history = seed.slice();
  }

  static async create(backbone: OwwBackbone): Promise<OwwStreamingFeatures> {
    return new OwwStreamingFeatures(backbone, await seedEmbeddings(backbone));
  }

  reset(): void {
    this.pending = new Float32Array(0);
    this.context = new Float32Array(0);
    this.mel = new Float32Array(OWW_WINDOW_FRAMES * OWW_MEL_BINS).fill(1);
    this.history = this.seed.slice();
  }

  /** The 16 noise-seeded embeddings [16 x 96] the history starts from (before any audio). */
  seedRows(): Float32Array {
    return this.seed.slice();
  }

  /**
   * Adds float audio ([-1, 1], 16 kHz) and returns one classifier input [16 x 96] per completed 80 ms chunk
   * (samples short of a whole chunk wait for the next push, as in openWakeWord).
   */
  async push(audio: Float32Array): Promise<Float32Array[]> {
    const embeddings = await this.pushEmbeddings(audio);
    const chunks = embeddings.length / OWW_EMBEDDING_DIM;
    if (chunks === 0) return [];
    const history = new Float32Array(this.history.length + embeddings.length);
    history.set(this.history);
    history.set(embeddings, this.history.length);
    const inputs: Float32Array[] = [];
    const rows = history.length / OWW_EMBEDDING_DIM;
    for (let j = 0; j < chunks; j += 1) {
      const end = rows - (chunks - 1 - j);
      inputs.push(history.slice((end - OWW_CONTEXT_EMBEDDINGS) * OWW_EMBEDDING_DIM, end * OWW_EMBEDDING_DIM));
    }
    this.history = history.slice(history.length - OWW_CONTEXT_EMBEDDINGS * OWW_EMBEDDING_DIM);
    return inputs;
  }

  /**
   * Adds float audio and returns only the new embeddings, one 96-d row per completed 80 ms chunk ([n x 96]).
   * Callers that keep the rows themselves (step-embeddings.ts) use this; do not mix it with push() on one stream.
   */
  async pushEmbeddings(audio: Float32Array): Promise<Float32Array> {
    const joined = new Float32Array(this.pending.length + audio.length);
    joined.set(this.pending);
    joined.set(toInt16Scale(audio), this.pending.length);
    const chunks = Math.floor(joined.length / OWW_CHUNK_SAMPLES);
    this.pending = joined.slice(chunks * OWW_CHUNK_SAMPLES);
    if (chunks === 0) return new Float32Array(0);
    const fresh = joined.subarray(0, chunks * OWW_CHUNK_SAMPLES);

    // Chunk by chunk, as openWakeWord fed 80 ms frames computes them (the mel model's output depends on the
    // loudest part of each call's input, so one call over several chunks would differ slightly).
    const inputs = chunkMelInputs(fresh, this.context);
    this.context = fresh.slice(fresh.length - OWW_MEL_CONTEXT_SAMPLES);
    const { windows, tail } = melWindows(this.mel, await this.backbone.melspectrograms(inputs));
    this.mel = tail;
    return this.backbone.embedWindows(windows, chunks);
  }
}
