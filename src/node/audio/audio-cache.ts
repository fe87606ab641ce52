/**
 * Decoded, mono, resampled clips kept in memory up to a byte budget (least recently used out first), so
 * after the first epoch the training split is decoded once, not once per epoch. Concurrent requests for
 * the same file share one decode; failures are not cached.
 */
import { loadMonoClip } from './decode-audio';

export type ClipLoader = (filePath: string, sampleRate: number, displayName: string) => Promise<Float32Array>;

export interface AudioCacheOptions {
  readonly sampleRate: number;
  /** Budget for cached samples (4 bytes each). */
  readonly maxBytes: number;
  /** Replaceable for tests; defaults to decode + mono + resample. */
  readonly load?: ClipLoader;
}

export interface AudioCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

const defaultLoader: ClipLoader = (filePath, sampleRate, displayName) => loadMonoClip(filePath, sampleRate, { displayName });

export class DecodedAudioCache {
  readonly sampleRate: number;
  readonly maxBytes: number;
  private readonly load: ClipLoader;
  private readonly entries = new Map<string, Float32Array>();
  private readonly pending = new Map<string, Promise<Float32Array>>();
  private bytesUsed = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: AudioCacheOptions) {
    this.sampleRate = options.sampleRate;
    this.maxBytes = options.maxBytes;
    this.load = options.load ?? defaultLoader;
  }

  get(filePath: string, displayName: string = filePath): Promise<Float32Array> {
    const cached = this.entries.get(filePath);
    if (cached) {
      this.hits += 1;
      // Re-insert to mark as most recently used.
      this.entries.delete(filePath);
      this.entries.set(filePath, cached);
      return Promise.resolve(cached);
    }
    const inFlight = this.pending.get(filePath);
    if (inFlight) {
      this.hits += 1;
      return inFlight;
    }
    this.misses += 1;
    const loading = this.load(filePath, this.sampleRate, displayName).then(
      (clip) => {
        this.pending.delete(filePath);
        this.store(filePath, clip);
        return clip;
      },
      (error: unknown) => {
        this.pending.delete(filePath);
        throw error;
      },
    );
    this.pending.set(filePath, loading);
    return loading;
  }

  private store(filePath: string, clip: Float32Array): void {
    const size = clip.byteLength;
    if (size > this.maxBytes) return;
    while (this.bytesUsed + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      const evicted = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      this.bytesUsed -= evicted?.byteLength ?? 0;
      this.evictions += 1;
    }
    this.entries.set(filePath, clip);
    this.bytesUsed += size;
  }

  stats(): AudioCacheStats {
    return { entries: this.entries.size, bytes: this.bytesUsed, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }

  clear(): void {
    this.entries.clear();
    this.bytesUsed = 0;
  }
}
