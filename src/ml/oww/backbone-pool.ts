/**
 * onnxruntime's `run` is synchronous in onnxruntime-node: while the embedding model works, the trainer's thread
 * can neither decode nor augment the next clips. This pool runs the two models in worker threads, each with
 * its own single-threaded sessions (one per core measured faster than one session with two intra-op threads,
 * whose spinning threads collapse on a loaded machine), so the main thread prepares audio while both cores embed.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { OWW_EMBEDDING_DIM, OWW_MEL_BINS, OWW_WINDOW_FRAMES } from '../../shared/core/oww/oww-constants';
import { BACKBONE_WORKER_SOURCE } from './backbone-worker-source';

type Reply = { readonly id: number; readonly output: Float32Array; readonly sizes?: Int32Array } | { readonly id: number; readonly error: string };

interface Pending {
  readonly resolve: (reply: { output: Float32Array; sizes?: Int32Array }) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Work queued on this worker, in windows (mel calls count a fraction): new work goes to the least loaded. */
  load: number;
}

export interface SessionSettings {
  readonly intraOpNumThreads: number;
  readonly interOpNumThreads: number;
  readonly graphOptimizationLevel: 'all';
}

/** A mel call costs about a sixth of an embedding window (0.24 against 1.4 ms, measured). */
const MEL_COST = 1 / 6;

export class BackbonePool {
  private nextId = 0;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {}

  /** Starts `width` workers and waits until each has loaded both models. */
  static async start(width: number, melBytes: Uint8Array, embeddingBytes: Uint8Array, sessionOptions: SessionSettings): Promise<BackbonePool> {
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    const slots: Slot[] = [];
    const started = Array.from({ length: width }, async () => {
      // 8 MB of stack, as the main thread has: onnxruntime may read the command line recursively when it starts.
      const worker = new Worker(BACKBONE_WORKER_SOURCE, {
        eval: true,
        workerData: { ortPath, melBytes, embeddingBytes, sessionOptions, windowFrames: OWW_WINDOW_FRAMES, melBins: OWW_MEL_BINS },
        resourceLimits: { stackSizeMb: 8 },
      });
      // An unreleased pool never keeps the process alive.
      worker.unref();
      const slot: Slot = { worker, pending: new Map(), load: 0 };
      slots.push(slot);
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: { type?: string; message?: string }): void => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'failed') reject(new Error(`an embedding worker could not load the openWakeWord models (${message.message ?? 'unknown error'})`));
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

  /** Raw melspectrogram.onnx outputs, one model call per input (int16-scale audio). */
  async mel(inputs: readonly Float32Array[]): Promise<Float32Array[]> {
    const lengths = Int32Array.from(inputs, (input) => input.length);
    const joined = new Float32Array(lengths.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const input of inputs) {
      joined.set(input, at);
      at += input.length;
    }
    const reply = await this.send({ type: 'mel', input: joined, lengths }, [joined.buffer, lengths.buffer], inputs.length * MEL_COST);
    const sizes = reply.sizes ?? new Int32Array(0);
    let offset = 0;
    return Array.from(sizes, (size) => {
      const part = reply.output.subarray(offset, offset + size);
      offset += size;
      return part;
    });
  }

  /** Embeddings ([count x 96]) of `count` windows [count x 76 x 32], in model calls of `batch` windows. */
  async embed(windows: Float32Array, count: number, batch: number): Promise<Float32Array> {
    const copy = windows.slice(0, count * OWW_WINDOW_FRAMES * OWW_MEL_BINS);
    const reply = await this.send({ type: 'embed', windows: copy, count, batch, dim: OWW_EMBEDDING_DIM }, [copy.buffer], count);
    return reply.output;
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
    slot.worker.on('message', (reply: Reply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`openWakeWord embedding worker: ${reply.error}`));
      else pending.resolve(reply);
    });
    slot.worker.on('error', (error) => fail(new Error(`an openWakeWord embedding worker failed (${error.message})`)));
    slot.worker.on('exit', (code) => fail(new Error(`an openWakeWord embedding worker stopped (exit code ${String(code)})`)));
  }

  private send(message: Record<string, unknown>, transfer: ArrayBuffer[], cost: number): Promise<{ output: Float32Array; sizes?: Int32Array }> {
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
