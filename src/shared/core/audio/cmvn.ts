/**
 * Per-mel-bin mean and variance normalisation (CMVN). Statistics come from the training split only and
 * are stored with the run as plain JSON, so evaluation, live detection and export apply the same shift.
 */

export interface CmvnStats {
  readonly nMels: number;
  /** Frames the statistics were computed from. */
  readonly frames: number;
  readonly mean: readonly number[];
  /** Standard deviation per bin (population), floored at MIN_STD when applied. */
  readonly std: readonly number[];
}

const MIN_STD = 1e-5;

/** Streams [frames, n_mels] feature matrices in; shifted sums keep the variance exact for dB-sized values. */
export class CmvnAccumulator {
  readonly nMels: number;
  private frames = 0;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;

  constructor(nMels: number) {
    if (!Number.isInteger(nMels) || nMels < 1) throw new RangeError(`n_mels must be a positive whole number (got ${nMels})`);
    this.nMels = nMels;
    this.shift = new Float64Array(nMels);
    this.sum = new Float64Array(nMels);
    this.sumSquares = new Float64Array(nMels);
  }

  add(features: Float32Array): void {
    const nMels = this.nMels;
    if (features.length % nMels !== 0) throw new RangeError(`feature length ${features.length} is not a multiple of n_mels (${nMels})`);
    const frames = features.length / nMels;
    if (frames === 0) return;
    if (this.frames === 0) for (let m = 0; m < nMels; m += 1) this.shift[m] = features[m] as number;
    for (let t = 0; t < frames; t += 1) {
      const base = t * nMels;
      for (let m = 0; m < nMels; m += 1) {
        const d = (features[base + m] as number) - (this.shift[m] as number);
        this.sum[m] = (this.sum[m] as number) + d;
        this.sumSquares[m] = (this.sumSquares[m] as number) + d * d;
      }
    }
    this.frames += frames;
  }

  finish(): CmvnStats {
    if (this.frames === 0) throw new Error('CMVN statistics need at least one frame of training features');
    const mean: number[] = [];
    const std: number[] = [];
    for (let m = 0; m < this.nMels; m += 1) {
      const meanShifted = (this.sum[m] as number) / this.frames;
      const variance = Math.max(0, (this.sumSquares[m] as number) / this.frames - meanShifted * meanShifted);
      mean.push(meanShifted + (this.shift[m] as number));
      std.push(Math.sqrt(variance));
    }
    return { nMels: this.nMels, frames: this.frames, mean, std };
  }
}

/** Normalises [frames, n_mels] features in place and returns them. */
export function applyCmvn(features: Float32Array, stats: CmvnStats): Float32Array {
  const nMels = stats.nMels;
  if (features.length % nMels !== 0) throw new RangeError(`feature length ${features.length} is not a multiple of the CMVN n_mels (${nMels})`);
  const scale = stats.std.map((s) => 1 / Math.max(s, MIN_STD));
  for (let i = 0; i < features.length; i += 1) {
    const m = i % nMels;
    features[i] = ((features[i] as number) - (stats.mean[m] as number)) * (scale[m] as number);
  }
  return features;
}

/** Checks stats read back from a run folder; `source` names the file in the message. */
export function parseCmvnStats(value: unknown, source: string): CmvnStats {
  const fail = (why: string): never => {
    throw new Error(`${source}: invalid CMVN statistics (${why})`);
  };
  if (value === null || typeof value !== 'object') return fail('not an object');
  const { nMels, frames, mean, std } = value as Record<string, unknown>;
  if (typeof nMels !== 'number' || !Number.isInteger(nMels) || nMels < 1) return fail('nMels must be a positive whole number');
  if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1) return fail('frames must be a positive whole number');
  const numbers = (list: unknown, key: string): number[] => {
    if (!Array.isArray(list) || list.length !== nMels) return fail(`${key} must list ${nMels} numbers`);
    if (!list.every((x) => typeof x === 'number' && Number.isFinite(x))) return fail(`${key} must hold finite numbers`);
    return list as number[];
  };
  const meanList = numbers(mean, 'mean');
  const stdList = numbers(std, 'std');
  if (stdList.some((s) => s < 0)) fail('std must not be negative');
  return { nMels, frames, mean: meanList, std: stdList };
}
