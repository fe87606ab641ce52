/**
 * What one epoch of oww_* training draws from: every clip example (positives, short negatives and their
 * augmented copies), a seeded sample of the long-negative windows (`training.long_negatives.windows_per_epoch`,
 * so tens of thousands of windows do not drown ~1,500 positives or make an epoch an hour long), and every
 * mined hard negative. The sample and the order depend on (seed, epoch) and the mined set alone, and the mined
 * set is restored from the checkpoint, so a resumed run replays its epochs exactly.
 */
import type { TrainingConfig } from '../../shared/config/schema';
import { createRng, shuffleInPlace } from '../../shared/core/audio/rng';
import type { ClipKind } from '../../shared/core/metrics';
import { HardNegativeMiner, type MiningCandidates } from '../mining';
import type { Batch } from '../training-loop';
import { sampleIds, type LongNegativeWindows } from './negative-windows';

/** The clip examples, row-major [n x perExample]; keys name each one stably (file, copy, window). */
export interface ClipExamples {
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly weights: Float32Array;
  readonly keys: readonly string[];
}

export interface PoolOptions {
  readonly perExample: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly windowsPerEpoch: number;
  /** Loss weight of a long window of this kind (class weight; mining's weight multiplies it). */
  readonly longWeight: (kind: ClipKind) => number;
  readonly mining: TrainingConfig['training']['mining'];
}

/** Separate from the shuffle's stream (seed + 7919 (epoch + 1)), which must stay what it was for clip-only data. */
const SAMPLE_SALT = 0x5bd1e995;

export class OwwTrainingPool {
  readonly miner: HardNegativeMiner | null;
  /** Clip-example indices of the negative clips: the first mining candidates. */
  private readonly clipNegatives: Int32Array;
  private readonly sampled: number;

  constructor(
    private readonly clips: ClipExamples,
    private readonly long: LongNegativeWindows,
    private readonly options: PoolOptions,
  ) {
    const negatives: number[] = [];
    clips.labels.forEach((label, index) => {
      if (label === 0) negatives.push(index);
    });
    this.clipNegatives = Int32Array.from(negatives);
    this.sampled = Math.min(options.windowsPerEpoch, long.count);
    this.miner = options.mining.rounds > 0 ? new HardNegativeMiner(options.mining, this.candidates()) : null;
  }

  get clipCount(): number {
    return this.clips.labels.length;
  }

  /** Long windows drawn per epoch. */
  get longPerEpoch(): number {
    return this.sampled;
  }

  /** Examples in one epoch (grows as mining adds windows). */
  get size(): number {
    return this.clipCount + this.sampled + (this.miner?.mined.length ?? 0);
  }

  /** Short negative clips first, then every long window. */
  candidates(): MiningCandidates {
    const { clips, long, clipNegatives } = this;
    const per = this.options.perExample;
    const shortCount = clipNegatives.length;
    return {
      count: shortCount + long.count,
      perExample: per,
      key: (id) => (id < shortCount ? (clips.keys[clipNegatives[id] as number] as string) : long.key(id - shortCount)),
      copyInto: (id, out, offset) => out.set(this.candidateInput(id), offset),
    };
  }

  /** The long-window ids of epoch `epoch`'s sample. */
  sample(epoch: number): Int32Array {
    return sampleIds(this.long.count, this.sampled, createRng((this.options.seed ^ SAMPLE_SALT) + 7919 * (epoch + 1)));
  }

  async *batches(epoch: number): AsyncIterable<Batch> {
    const { clips, options } = this;
    const per = options.perExample;
    const clipCount = this.clipCount;
    const sample = this.sample(epoch);
    const mined = this.miner?.mined ?? [];
    // Entries: [0, clips) clip examples, then the sampled long windows, then the mined windows.
    const order = shuffleInPlace(
      Array.from({ length: clipCount + sample.length + mined.length }, (_, i) => i),
      createRng(options.seed + 7919 * (epoch + 1)),
    );
    for (let start = 0; start < order.length; start += options.batchSize) {
      const entries = order.slice(start, start + options.batchSize);
      const features = new Float32Array(entries.length * per);
      const labels = new Int32Array(entries.length);
      const weights = new Float32Array(entries.length);
      entries.forEach((entry, k) => {
        if (entry < clipCount) {
          features.set(clips.features.subarray(entry * per, (entry + 1) * per), k * per);
          labels[k] = clips.labels[entry] as number;
          weights[k] = clips.weights[entry] as number;
        } else if (entry < clipCount + sample.length) {
          const id = sample[entry - clipCount] as number;
          features.set(this.long.input(id), k * per);
          weights[k] = options.longWeight(this.long.kind(id));
        } else {
          const id = mined[entry - clipCount - sample.length] as number;
          features.set(this.candidateInput(id), k * per);
          weights[k] = this.candidateWeight(id) * options.mining.weight;
        }
      });
      yield { features, labels, weights, size: entries.length };
    }
  }

  private candidateInput(id: number): Float32Array {
    const per = this.options.perExample;
    if (id < this.clipNegatives.length) {
      const index = this.clipNegatives[id] as number;
      return this.clips.features.subarray(index * per, (index + 1) * per);
    }
    return this.long.input(id - this.clipNegatives.length);
  }

  private candidateWeight(id: number): number {
    if (id < this.clipNegatives.length) return this.clips.weights[this.clipNegatives[id] as number] as number;
    return this.options.longWeight(this.long.kind(id - this.clipNegatives.length));
  }
}
