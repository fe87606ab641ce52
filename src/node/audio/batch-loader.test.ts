import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/core/audio/rng';
import { type ClipLoader, DecodedAudioCache } from './audio-cache';
import { BatchLoader, type LoaderItem, epochOrder } from './batch-loader';

const items: readonly LoaderItem[] = Array.from({ length: 10 }, (_, i) => ({ path: `clip_${i}.wav`, label: i % 3 === 0 ? 1 : 0 }));

function setup(options: { prefetch?: number; failOn?: string; batchSize?: number } = {}) {
  const loads: string[] = [];
  const load: ClipLoader = async (file) => {
    loads.push(file);
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (file === options.failOn) throw new Error(`${file}: not a WAV file (RIFF header missing)`);
    return Float32Array.from({ length: 4 }, () => Number(/\d+/.exec(file)?.[0]));
  };
  const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 1_000_000, load });
  const loader = new BatchLoader({
    items,
    batchSize: options.batchSize ?? 4,
    prefetch: options.prefetch ?? 1,
    seed: 7,
    cache,
    featureSize: 2,
    // "Features": the clip's id plus a random draw, so both order and augmentation randomness are visible.
    makeFeatures: (clip, _item, rng) => Float32Array.from([clip[0] as number, rng.next()]),
  });
  return { loader, loads, cache };
}

async function collect(loader: BatchLoader, epoch: number) {
  const out = [];
  for await (const batch of loader.epoch(epoch)) out.push(batch);
  return out;
}

describe('BatchLoader', () => {
  it('yields every clip once per epoch in batches, with labels', async () => {
    const { loader } = setup();
    const batches = await collect(loader, 0);
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    const ids = batches.flatMap((b) => Array.from({ length: b.size }, (_, k) => b.features[k * 2] as number));
    expect([...ids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const batch of batches) {
      batch.items.forEach((item, k) => expect(batch.labels[k]).toBe(item.label));
    }
  });

  it('replays identically for the same seed and epoch, and reshuffles across epochs', async () => {
    const first = await collect(setup().loader, 3);
    const again = await collect(setup({ prefetch: 4 }).loader, 3);
    expect(again.map((b) => Array.from(b.features))).toEqual(first.map((b) => Array.from(b.features)));
    const other = await collect(setup().loader, 4);
    expect(other.map((b) => Array.from(b.features))).not.toEqual(first.map((b) => Array.from(b.features)));
  });

  it('keeps `prefetch` batches loading ahead of the consumer and decodes each clip once across epochs', async () => {
    const { loader, loads, cache } = setup({ prefetch: 1, batchSize: 2 });
    const iterator = loader.epoch(0);
    await iterator.next();
    // Batch 0 consumed, batch 1 prefetched: 4 clips requested, none of batches 2..4 yet.
    expect(loads.length).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loads.length).toBe(4);
    for await (const _batch of iterator) void _batch;
    expect(loads.length).toBe(10);
    await collect(loader, 1);
    expect(loads.length).toBe(10);
    expect(cache.stats().hits).toBe(10);
  });

  it('surfaces a decode failure naming the file', async () => {
    const { loader } = setup({ failOn: 'clip_5.wav' });
    await expect(collect(loader, 0)).rejects.toThrow('clip_5.wav: not a WAV file (RIFF header missing)');
  });

  it('refuses bad settings', () => {
    const cache = new DecodedAudioCache({ sampleRate: 16000, maxBytes: 1 });
    const base = { items, batchSize: 4, prefetch: 1, seed: 1, cache, featureSize: 1, makeFeatures: () => new Float32Array(1) };
    expect(() => new BatchLoader({ ...base, items: [] })).toThrow(/at least one clip/);
    expect(() => new BatchLoader({ ...base, batchSize: 0 })).toThrow(/batch size/);
    expect(() => new BatchLoader({ ...base, prefetch: -1 })).toThrow(/prefetch/);
  });
});

describe('epochOrder', () => {
  it('weighted sampling draws in proportion to weight (1:10 data balanced by weights)', () => {
    const data: LoaderItem[] = [
      ...Array.from({ length: 100 }, (_, i) => ({ path: `p${i}`, label: 1, weight: 10 })),
      ...Array.from({ length: 1000 }, (_, i) => ({ path: `n${i}`, label: 0, weight: 1 })),
    ];
    const order = epochOrder(data, 'weighted', createRng(1));
    const positives = Array.from(order).filter((i) => data[i]?.label === 1).length;
    expect(positives / order.length).toBeGreaterThan(0.45);
    expect(positives / order.length).toBeLessThan(0.55);
    expect(() => epochOrder([{ path: 'x', label: 0, weight: 0 }], 'weighted', createRng(1))).toThrow(/positive weight/);
  });

  it('sequential keeps the order; shuffle is a permutation', () => {
    expect(Array.from(epochOrder(items, 'sequential', createRng(1)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const shuffled = Array.from(epochOrder(items, 'shuffle', createRng(1)));
    expect([...shuffled].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffled).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
