/**
 * Batches of features for the trainer, prepared ahead of time: up to `prefetch` batches are being decoded
 * (through the shared audio cache) while the trainer works on the current one. Order and augmentation
 * come from (seed, epoch, batch index) alone, so a run replays identically however the I/O interleaves.
 */
import { type Rng, createRng } from '../../shared/core/audio/rng';
import type { DecodedAudioCache } from './audio-cache';

export interface LoaderItem {
  readonly path: string;
  /** Name used in error messages (path relative to the dataset). */
  readonly displayName?: string;
  readonly label: number;
  /** Sampling weight (weighted sampling) and loss weight; 1 when absent. */
  readonly weight?: number;
}

export interface Batch {
  readonly index: number;
  readonly size: number;
  /** size x featureSize values, example-major. */
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly weights: Float32Array;
  readonly items: readonly LoaderItem[];
}

export interface BatchLoaderOptions {
  readonly items: readonly LoaderItem[];
  readonly batchSize: number;
  /** Batches prepared ahead of the one being consumed. */
  readonly prefetch: number;
  readonly seed: number;
  readonly cache: DecodedAudioCache;
  /** Values per example (frames * n_mels). */
  readonly featureSize: number;
  /** Clip -> features, e.g. makeExample with this example's rng. */
  readonly makeFeatures: (clip: Float32Array, item: LoaderItem, rng: Rng) => Float32Array;
  /** 'shuffle': each item once per epoch; 'weighted': draw with replacement in proportion to weight. */
  readonly sampling?: 'shuffle' | 'weighted' | 'sequential';
}

/** Mixes seed, epoch and batch into one 32-bit seed (splitmix-style finaliser). */
function mixSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

/** Item indices for one epoch. */
export function epochOrder(items: readonly LoaderItem[], sampling: 'shuffle' | 'weighted' | 'sequential', rng: Rng): Int32Array {
  const n = items.length;
  const order = new Int32Array(n);
  if (sampling === 'weighted') {
    const cumulative = new Float64Array(n);
    let total = 0;
    items.forEach((item, i) => {
      total += Math.max(0, item.weight ?? 1);
      cumulative[i] = total;
    });
    if (!(total > 0)) throw new Error('weighted sampling needs at least one item with a positive weight');
    for (let k = 0; k < n; k += 1) {
      const target = rng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      order[k] = lo;
    }
    return order;
  }
  for (let i = 0; i < n; i += 1) order[i] = i;
  if (sampling === 'shuffle') {
    for (let i = n - 1; i > 0; i -= 1) {
      const j = rng.int(0, i);
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
  }
  return order;
}

export class BatchLoader {
  private readonly options: BatchLoaderOptions;

  constructor(options: BatchLoaderOptions) {
    if (options.items.length === 0) throw new Error('the batch loader needs at least one clip');
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batch size must be a positive whole number (got ${options.batchSize})`);
    if (!Number.isInteger(options.prefetch) || options.prefetch < 0) throw new RangeError(`prefetch must be 0 or more (got ${options.prefetch})`);
    this.options = options;
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.options.items.length / this.options.batchSize);
  }

  /** The epoch's batches in order; up to `prefetch` later batches load while one is consumed. */
  async *epoch(epochIndex: number): AsyncGenerator<Batch> {
    const { items, batchSize, seed, sampling = 'shuffle' } = this.options;
    const order = epochOrder(items, sampling, createRng(mixSeed(seed, epochIndex)));
    const count = this.batchesPerEpoch;
    const started: Promise<Batch>[] = [];
    const start = (b: number): void => {
      const slice = Array.from(order.subarray(b * batchSize, Math.min(order.length, (b + 1) * batchSize)), (i) => items[i] as LoaderItem);
      const promise = this.build(b, slice, createRng(mixSeed(seed, epochIndex, b + 1)));
      // Avoid unhandled-rejection noise for batches the consumer has not reached yet; it sees the error on await.
      promise.catch(() => undefined);
      started.push(promise);
    };
    let next = 0;
    for (; next < Math.min(count, this.options.prefetch + 1); next += 1) start(next);
    for (let b = 0; b < count; b += 1) {
      const batch = await (started[b] as Promise<Batch>);
      delete started[b];
      yield batch;
      // The consumer is done with batch b: keep `prefetch` batches in flight ahead of b + 1.
      if (next < count) {
        start(next);
        next += 1;
      }
    }
  }

  private async build(index: number, slice: readonly LoaderItem[], rng: Rng): Promise<Batch> {
    const { cache, featureSize, makeFeatures } = this.options;
    const clips = await Promise.all(slice.map((item) => cache.get(item.path, item.displayName ?? item.path)));
    const features = new Float32Array(slice.length * featureSize);
    const labels = new Int32Array(slice.length);
    const weights = new Float32Array(slice.length);
    slice.forEach((item, k) => {
      const example = makeFeatures(clips[k] as Float32Array, item, rng.fork());
      if (example.length !== featureSize) {
        throw new Error(`${item.displayName ?? item.path}: features have ${example.length} values, expected ${featureSize}`);
      }
      features.set(example, k * featureSize);
      labels[k] = item.label;
      weights[k] = item.weight ?? 1;
    });
    return { index, size: slice.length, features, labels, weights, items: slice };
  }
}
