/**
 * onnxruntime's `run` is synchronous in onnxruntime-node: while the embedding model works, the trainer's thread
 * can do nothing else. This pool runs the backbone in worker threads (src/worker/embedding-thread.ts), each with
 * its own single-threaded sessions (one per core measured faster than one session with two intra-op threads,
 * whose spinning threads collapse on a loaded machine). Training clips are decoded and augmented there too, so
 * every CPU-bound step of the embedding pass scales with the workers.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OWW_WINDOW_FRAMES, OWW_MEL_BINS } from '../../shared/core/oww/oww-constants';
import { findProjectRoot } from '../../node/project-root';
import type { AugmentationAudio, ClipBatch, ClipJob, ClipOutcome, ClipRecipe } from './training-clips';

/** What each thread gets at start: the checked model bytes (and their folder, for messages). */
export interface ThreadSetup {
  readonly melBytes: Uint8Array;
  readonly embeddingBytes: Uint8Array;
  readonly dir: string;
}

/** Messages to a thread: model calls, shared augmentation audio (no reply), or training clips to compute. */
export type ThreadRequest =
  | { readonly id: number; readonly type: 'mel'; readonly input: Float32Array; readonly lengths: Int32Array }
  | { readonly id: number; readonly type: 'embed'; readonly windows: Float32Array; readonly count: number }
  | { readonly type: 'audio'; readonly audio: AugmentationAudio }
  | { readonly id: number; readonly type: 'clips'; readonly jobs: readonly ClipJob[]; readonly recipe: ClipRecipe };

/** Replies: transformed spectrograms (joined, with their sizes), embeddings, clip outcomes, or an error. */
export type ThreadReply =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly id: number; readonly type: 'mel'; readonly output: Float32Array; readonly sizes: Int32Array }
  | { readonly id: number; readonly type: 'embed'; readonly output: Float32Array }
  | { readonly id: number; readonly type: 'clips'; readonly outcomes: ClipOutcome[]; readonly modelWindows: number }
  | { readonly id: number; readonly error: string };

type Answer = Extract<ThreadReply, { id: number; type: string }>;

interface Pending {
  readonly resolve: (reply: Answer) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Work queued on this worker, in windows (mel calls count a fraction): new work goes to the least loaded. */
  load: number;
}

/** A mel call costs about a sixth of an embedding window (0.24 against 1.4 ms, measured). */
const MEL_COST = 1 / 6;
/** A training clip: decode and augmentation cost about as much as its mel call and window together (measured). */
const CLIP_COST = 2;

/**
 * The thread's entry: built, electron-vite's bundle of it beside the trainer's (out/main/embedding-thread.js);
 * from source (tests, the bench, tsx), its TypeScript through tsx's require hook (Node 20 gives worker threads
 * no `--import` loader hooks).
 */
function threadEntry(): { readonly script: string; readonly eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return { script: path.join(findProjectRoot(), 'out', 'main', 'embedding-thread.js'), eval: false };
  const entry = path.join(path.dirname(here), '..', '..', 'worker', 'embedding-thread.ts');
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs');
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, eval: true };
}

export class BackbonePool {
  private nextId = 0;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {}

  /** Starts `width` workers and waits until each has loaded both models. */
  static async start(width: number, setup: ThreadSetup): Promise<BackbonePool> {
    const entry = threadEntry();
    const slots: Slot[] = [];
    const started = Array.from({ length: width }, async () => {
      // 8 MB of stack, as the main thread has: onnxruntime may read the command line recursively when it starts.
      const worker = new Worker(entry.script, { eval: entry.eval, workerData: setup, resourceLimits: { stackSizeMb: 8 } });
      // An unreleased pool never keeps the process alive.
      worker.unref();
      const slot: Slot = { worker, pending: new Map(), load: 0 };
      slots.push(slot);
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: ThreadReply): void => {
          if ('type' in message && message.type === 'ready') resolve();
          else if ('type' in message && message.type === 'failed') reject(new Error(`an embedding worker could not load the openWakeWord models (${message.message})`));
        };
        worker.once('message', onMessage);
        worker.once('error', reject);
      });
    });
    const pool = new BackbonePool(slots);
    try {
      await Promise.all(started);
    } catch (error) {
      await pool.close();
      throw error;
    }
    for (const slot of slots) pool.listen(slot);
    return pool;
  }

  get width(): number {
    return this.slots.length;
  }

  /** Transformed spectrograms (OwwBackbone.melspectrograms), one model call per input (int16-scale audio). */
  async mel(inputs: readonly Float32Array[]): Promise<Float32Array[]> {
    const lengths = Int32Array.from(inputs, (input) => input.length);
    const joined = new Float32Array(lengths.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const input of inputs) {
      joined.set(input, at);
      at += input.length;
    }
    const reply = expect(await this.send({ type: 'mel', input: joined, lengths }, [joined.buffer, lengths.buffer], inputs.length * MEL_COST), 'mel');
    const { sizes } = reply;
    let offset = 0;
    return Array.from(sizes, (size) => {
      const part = reply.output.subarray(offset, offset + size);
      offset += size;
      return part;
    });
  }

  /** Embeddings ([count x 96]) of `count` windows [count x 76 x 32] (OwwBackbone.embedWindows). */
  async embed(windows: Float32Array, count: number): Promise<Float32Array> {
    const copy = windows.slice(0, count * OWW_WINDOW_FRAMES * OWW_MEL_BINS);
    return expect(await this.send({ type: 'embed', windows: copy, count }, [copy.buffer], count), 'embed').output;
  }

  /** Training clips decoded, augmented and embedded by one worker (OwwBackbone.embedTrainingClips there). */
  async clips(jobs: readonly ClipJob[], recipe: ClipRecipe): Promise<ClipBatch> {
    const { outcomes, modelWindows } = expect(await this.send({ type: 'clips', jobs, recipe }, [], jobs.length * CLIP_COST), 'clips');
    return { outcomes, modelWindows };
  }

  /** Shares background/RIR audio with every worker (SharedArrayBuffer views are passed, not copied). */
  shareAudio(audio: AugmentationAudio): void {
    const message: ThreadRequest = { type: 'audio', audio };
    for (const slot of this.slots) slot.worker.postMessage(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private listen(slot: Slot): void {
    const fail = (error: Error): void => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      for (const pending of slot.pending.values()) pending.reject(error);
      slot.pending.clear();
    };
    slot.worker.on('message', (reply: ThreadReply) => {
      if (!('id' in reply)) return;
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`openWakeWord embedding worker: ${reply.error}`));
      else pending.resolve(reply);
    });
    slot.worker.on('error', (error) => fail(new Error(`an openWakeWord embedding worker failed (${error.message})`)));
    slot.worker.on('exit', (code) => fail(new Error(`an openWakeWord embedding worker stopped (exit code ${String(code)})`)));
  }

  private send(message: DistributiveOmit<Extract<ThreadRequest, { id: number }>, 'id'>, transfer: ArrayBuffer[], cost: number): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error('the openWakeWord embedding workers were released'));
    const slot = this.slots.reduce<Slot | undefined>((best, candidate) => (!best || candidate.load < best.load ? candidate : best), undefined);
    if (!slot) return Promise.reject(new Error('no openWakeWord embedding worker is running'));
    const id = this.nextId++;
    slot.load += cost;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        slot.load -= cost;
      };
      slot.pending.set(id, {
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      slot.worker.postMessage({ id, ...message }, transfer);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The reply of the kind asked for (a worker answers each request with its own type). */
function expect<T extends Answer['type']>(reply: Answer, type: T): Extract<Answer, { type: T }> {
  if (reply.type !== type) throw new Error(`an openWakeWord embedding worker answered a ${type} request with ${reply.type}`);
  return reply as Extract<Answer, { type: T }>;
}
