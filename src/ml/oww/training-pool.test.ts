import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/defaults';
import type { ClipKind } from '../../shared/core/metrics';
import type { Batch } from '../training-loop';
import { LongNegativeWindows, type LongRecording } from './negative-windows';
import { OwwTrainingPool, type ClipExamples, type PoolOptions } from './training-pool';

const PER = 16 * 96;

/** A recording whose row r holds `base + r` everywhere, so a window's first value names its file and step. */
function recording(relative: string, steps: number, base: number, kind: ClipKind = 'negative'): LongRecording {
  const rows = new Float32Array((16 + steps) * 96);
  for (let r = 0; r < 16 + steps; r += 1) rows.fill(base + r, r * 96, (r + 1) * 96);
  return { relative, kind, embeddings: { rows, steps } };
}

/** Clip example i holds -(i + 1) everywhere; the first `positives` are positives. */
function clips(count: number, positives: number): ClipExamples {
  const features = new Float32Array(count * PER);
  for (let i = 0; i < count; i += 1) features.fill(-(i + 1), i * PER, (i + 1) * PER);
  return {
    features,
    labels: Int32Array.from({ length: count }, (_, i) => (i < positives ? 1 : 0)),
    weights: Float32Array.from({ length: count }, (_, i) => (i < positives ? 3 : 0.6)),
    keys: Array.from({ length: count }, (_, i) => `clip${String(i)}#0:0`),
  };
}

function options(patch: Partial<PoolOptions> = {}): PoolOptions {
  return {
    perExample: PER,
    batchSize: 32,
    seed: 11,
    windowsPerEpoch: 100,
    longWeight: (kind) => (kind === 'background' ? 0.7 : 0.5),
    mining: { ...DEFAULT_CONFIG.training.mining, rounds: 2, first_epoch: 1, every: 1, top_windows: 10, min_score: 0.5, weight: 4 },
    ...patch,
  };
}

async function collect(batches: AsyncIterable<Batch>): Promise<{ firsts: number[]; labels: number[]; weights: number[]; sizes: number[] }> {
  const out = { firsts: [] as number[], labels: [] as number[], weights: [] as number[], sizes: [] as number[] };
  for await (const batch of batches) {
    out.sizes.push(batch.size);
    for (let k = 0; k < batch.size; k += 1) {
      out.firsts.push(batch.features[k * PER] as number);
      out.labels.push(batch.labels[k] as number);
      out.weights.push(batch.weights[k] as number);
    }
  }
  return out;
}

describe('balanced oww epochs', () => {
  // Two recordings: 215 and 95 steps -> 200 + 80 windows at hop 1.
  const long = new LongNegativeWindows([recording('negative/a.wav', 215, 1000), recording('background/b.wav', 95, 5000, 'background')], 1);

  it('holds every clip example, windows_per_epoch distinct long windows, and nothing else', async () => {
    const pool = new OwwTrainingPool(clips(40, 10), long, options());
    expect(long.count).toBe(280);
    expect(pool.size).toBe(40 + 100);
    const epoch = await collect(pool.batches(1));
    expect(epoch.sizes).toEqual([32, 32, 32, 32, 12]);
    const clipValues = epoch.firsts.filter((v) => v < 0).sort((a, b) => b - a);
    expect(clipValues).toEqual(Array.from({ length: 40 }, (_, i) => -(i + 1)));
    const windows = epoch.firsts.filter((v) => v > 0);
    expect(new Set(windows).size).toBe(100);
    // Every long window is a real window: step >= 15 of its recording (its first row is step + 1 >= 16).
    for (const v of windows) expect(v >= 5000 ? v - 5000 : v - 1000).toBeGreaterThanOrEqual(16);
    // Labels and weights follow the examples: positives 3, negative clips 0.6, long windows by their kind.
    epoch.firsts.forEach((v, k) => {
      const expected = v < 0 ? (v >= -10 ? 3 : 0.6) : v >= 5000 ? 0.7 : 0.5;
      expect(epoch.weights[k], String(v)).toBeCloseTo(expected, 6);
      expect(epoch.labels[k]).toBe(v < 0 && v >= -10 ? 1 : 0);
    });
  });

  it('replays an epoch exactly for the same (seed, epoch), and draws a different sample for another epoch or seed', async () => {
    const pool = new OwwTrainingPool(clips(40, 10), long, options());
    const again = new OwwTrainingPool(clips(40, 10), long, options());
    const first = await collect(pool.batches(3));
    expect(await collect(again.batches(3))).toEqual(first);
    const sample = (p: OwwTrainingPool, epoch: number): number[] => Array.from(p.sample(epoch)).sort((a, b) => a - b);
    expect(sample(pool, 3)).toEqual(sample(again, 3));
    expect(sample(pool, 4)).not.toEqual(sample(pool, 3));
    expect(sample(new OwwTrainingPool(clips(40, 10), long, options({ seed: 12 })), 3)).not.toEqual(sample(pool, 3));
    // Over many epochs the sample covers the whole pool of windows.
    const seen = new Set<number>();
    for (let e = 1; e <= 30; e += 1) for (const id of pool.sample(e)) seen.add(id);
    expect(seen.size).toBe(280);
  });

  it('uses every long window when there are fewer than windows_per_epoch, and only clips when there are none', async () => {
    const all = new OwwTrainingPool(clips(40, 10), long, options({ windowsPerEpoch: 10_000 }));
    expect(all.size).toBe(320);
    expect(Array.from(all.sample(1))).toEqual(Array.from({ length: 280 }, (_, i) => i));
    const none = new OwwTrainingPool(clips(40, 10), new LongNegativeWindows([], 1), options());
    expect(none.size).toBe(40);
    expect((await collect(none.batches(1))).firsts.every((v) => v < 0)).toBe(true);
  });

  it('adds mined windows (clips and long windows) to every later epoch, weighted by mining.weight', async () => {
    const pool = new OwwTrainingPool(clips(40, 10), long, options());
    const candidates = pool.candidates();
    // 30 negative clips first, then the 280 long windows.
    expect(candidates.count).toBe(30 + 280);
    expect(candidates.key(0)).toBe('clip10#0:0');
    expect(candidates.key(30)).toBe('negative/a.wav@15');
    expect(candidates.key(30 + 200)).toBe('background/b.wav@15');
    // Score: the two last negative clips, and recording b's windows from step 88 on (first value 5089+), score high.
    const score = (features: Float32Array, count: number): Float32Array =>
      Float32Array.from({ length: count }, (_, k) => {
        const v = features[k * PER] as number;
        return v === -40 || v === -39 ? 0.9 : v >= 5089 ? 0.6 + (v - 5089) / 100 : 0.1;
      });
    await pool.miner?.mine(1, score, () => undefined);
    const mined = pool.miner?.mined ?? [];
    expect(mined.map((id) => candidates.key(id))).toEqual([
      'clip38#0:0',
      'clip39#0:0',
      'background/b.wav@94',
      'background/b.wav@93',
      'background/b.wav@92',
      'background/b.wav@91',
      'background/b.wav@90',
      'background/b.wav@89',
      'background/b.wav@88',
    ]);
    expect(pool.size).toBe(140 + 9);
    const epoch = await collect(pool.batches(2));
    expect(epoch.firsts).toHaveLength(149);
    // The mined clips appear twice (as clips and as mined), the mined one weighted 0.6 x 4.
    const clip39 = epoch.firsts.flatMap((v, k) => (v === -40 ? [epoch.weights[k] as number] : [])).sort();
    expect(clip39.map((w) => Number(w.toFixed(4)))).toEqual([0.6, 2.4]);
    const minedWindow = epoch.firsts.flatMap((v, k) => (v === 5000 + 95 ? [epoch.weights[k] as number] : []));
    expect(minedWindow.map((w) => Number(w.toFixed(4)))).toContain(2.8);
  });
});
