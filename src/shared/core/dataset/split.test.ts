import { describe, expect, it } from 'vitest';
import type { DatasetCategory } from './categories';
import type { ManifestEntry } from './manifest';
import { groupKey, ratiosProblem, splitCounts, splitDataset, splitTargets, type SplitOptions } from './split';

function entry(category: DatasetCategory, path: string, status: 'valid' | 'invalid' = 'valid'): ManifestEntry {
  const base = { category, path: `${category}/${path}`, sizeBytes: 100, mtimeMs: 1 };
  return status === 'valid'
    ? { ...base, status, format: 'wav', codec: 'pcm', sampleRate: 16000, channels: 1, bitDepth: 16, durationSeconds: 1, warnings: [] }
    : { ...base, status, reason: 'zero-length file' };
}

function dataset(): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (let i = 0; i < 100; i++) entries.push(entry('positive', `p_${i}.wav`));
  for (let i = 0; i < 300; i++) entries.push(entry('negative', `n_${i}.wav`));
  for (let i = 0; i < 40; i++) entries.push(entry('hard_negative', `h_${i}.wav`));
  for (let i = 0; i < 5; i++) entries.push(entry('background', `b_${i}.wav`));
  entries.push(entry('rirs', 'room.wav'));
  entries.push(entry('positive', 'broken.wav', 'invalid'));
  return entries;
}

const options: SplitOptions = { ratios: [0.7, 0.15, 0.15], seed: 42, groupBy: 'none' };

describe('splitDataset', () => {
  it('stratifies every category by the ratios and leaves background/RIRs and invalid files out', () => {
    const result = splitDataset(dataset(), options);
    const counts = splitCounts(result.splits);
    expect(counts.train).toMatchObject({ positive: 70, negative: 210, hard_negative: 28, files: 308 });
    expect(counts.val).toMatchObject({ positive: 15, negative: 45, hard_negative: 6 });
    expect(counts.test).toMatchObject({ positive: 15, negative: 45, hard_negative: 6 });
    expect(result.background).toHaveLength(5);
    expect(result.rirs).toEqual(['rirs/room.wav']);
    expect(result.skipped).toBe(1);
    const all = [...result.splits.train, ...result.splits.val, ...result.splits.test].map((f) => f.path);
    expect(new Set(all).size).toBe(440);
    expect(all).not.toContain('positive/broken.wav');
    expect(result.splits.train.filter((f) => f.label === 1).every((f) => f.category === 'positive')).toBe(true);
  });

  it('is reproducible for a seed, whatever the input order, and differs across seeds', () => {
    const first = splitDataset(dataset(), options);
    const again = splitDataset(dataset().reverse(), options);
    expect(again.splits).toEqual(first.splits);
    const other = splitDataset(dataset(), { ...options, seed: 7 });
    expect(other.splits.test.map((f) => f.path)).not.toEqual(first.splits.test.map((f) => f.path));
  });

  it('keeps each sub-folder (speaker) in one split when grouping', () => {
    const entries: ManifestEntry[] = [];
    for (let s = 0; s < 20; s++) for (let i = 0; i < 5; i++) entries.push(entry('positive', `speaker_${s}/clip_${i}.wav`));
    const result = splitDataset(entries, { ...options, groupBy: 'folder' });
    const where = new Map<string, Set<string>>();
    for (const [split, files] of Object.entries(result.splits)) {
      for (const file of files) {
        const speaker = file.path.split('/')[1] as string;
        where.set(speaker, (where.get(speaker) ?? new Set()).add(split));
      }
    }
    expect(where.size).toBe(20);
    for (const splits of where.values()) expect(splits.size).toBe(1);
    expect(splitCounts(result.splits).train.positive).toBe(70);
  });

  it('still gives validation and test a group when there are only a few large groups', () => {
    const entries: ManifestEntry[] = [];
    for (let s = 0; s < 4; s++) for (let i = 0; i < 5; i++) entries.push(entry('positive', `speaker_${s}/clip_${i}.wav`));
    const counts = splitCounts(splitDataset(entries, { ...options, groupBy: 'folder' }).splits);
    expect([counts.train.positive, counts.val.positive, counts.test.positive]).toEqual([10, 5, 5]);
  });

  it('groups Speech Commands style names by speaker', () => {
    expect(groupKey('positive/0a7c2a8d_nohash_1.wav', 'speaker')).toBe('speaker:0a7c2a8d');
    expect(groupKey('positive/alice/x.wav', 'speaker')).toBe('alice');
    expect(groupKey('positive/x.wav', 'none')).toBe('positive/x.wav');
  });

  it('refuses bad ratios with a message', () => {
    expect(ratiosProblem([0.5, 0.5])).toContain('three numbers');
    expect(ratiosProblem([0.7, 0.2, 0.2])).toBe('ratios must add up to 1 (they add up to 1.1)');
    expect(ratiosProblem([0.7, -0.1, 0.4])).toContain('0 or more');
    expect(ratiosProblem([0, 0.5, 0.5])).toContain('train ratio');
    expect(() => splitDataset(dataset(), { ...options, ratios: [0.9, 0.2, 0.1] })).toThrow('add up to 1');
  });

  it('hands out rounding remainders so counts always add up', () => {
    expect(splitTargets(3, [0.7, 0.15, 0.15])).toEqual([2, 1, 0]);
    expect(splitTargets(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1]);
    expect(splitTargets(0, [0.7, 0.15, 0.15])).toEqual([0, 0, 0]);
  });
});
