import { describe, expect, it } from 'vitest';
import type { DatasetCategory } from './categories';
import type { ManifestEntry, SplitFile } from './manifest';
import { LONG_RECORDING_SECONDS, groupKey, ratiosProblem, splitCounts, splitDataset, splitTargets, type SplitOptions, type SplitRatios } from './split';

function entry(category: DatasetCategory, path: string, status: 'valid' | 'invalid' = 'valid', durationSeconds = 1): ManifestEntry {
  const base = { category, path: `${category}/${path}`, sizeBytes: 100, mtimeMs: 1 };
  return status === 'valid'
    ? { ...base, status, format: 'wav', codec: 'pcm', sampleRate: 16000, channels: 1, bitDepth: 16, durationSeconds, warnings: [] }
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

  describe('long recordings', () => {
    const ratios: SplitRatios = [0.8, 0.1, 0.1];
    const longSeconds = (files: readonly SplitFile[]): number => files.filter((f) => (f.durationSeconds ?? 0) >= LONG_RECORDING_SECONDS).reduce((sum, f) => sum + (f.durationSeconds ?? 0), 0);

    it('gives each split its share of the hours, not of the files, for every seed', () => {
      // 40 generated-speech files of 3 minutes beside 1,500 clips: by file count, validation once drew 2 of the 40.
      const entries = dataset();
      for (let i = 0; i < 1500; i++) entries.push(entry('negative', `clip_${i}.wav`));
      for (let i = 0; i < 40; i++) entries.push(entry('negative', `speech/long_${i}.wav`, 'valid', 180));
      for (const seed of [1, 2, 3, 42, 1414]) {
        const { splits } = splitDataset(entries, { ratios, seed, groupBy: 'none' });
        const total = 40 * 180;
        for (const [name, ratio] of [['train', 0.8], ['val', 0.1], ['test', 0.1]] as const) {
          expect(Math.abs(longSeconds(splits[name]) - ratio * total), `${name} seed ${seed}`).toBeLessThanOrEqual(180);
        }
      }
    });

    it('places the longest first, so one long file goes to training and the rest still fill validation and test', () => {
      const entries = [entry('negative', 'podcast.wav', 'valid', 3600), ...Array.from({ length: 10 }, (_, i) => entry('negative', `radio_${i}.wav`, 'valid', 120))];
      const { splits } = splitDataset(entries, { ratios, seed: 7, groupBy: 'none' });
      expect(splits.train.map((f) => f.path)).toContain('negative/podcast.wav');
      // 4,800 s: validation and test each get the 480 s they are owed, in 120 s files.
      expect(longSeconds(splits.val)).toBe(480);
      expect(longSeconds(splits.test)).toBe(480);
    });

    it('splits the clips exactly as without the long recordings', () => {
      const clipsOnly = dataset();
      const withLong = [...clipsOnly, ...Array.from({ length: 12 }, (_, i) => entry('negative', `long_${i}.wav`, 'valid', 60 + i))];
      const before = splitDataset(clipsOnly, options).splits;
      const after = splitDataset(withLong, options).splits;
      for (const name of ['train', 'val', 'test'] as const) {
        expect(after[name].filter((f) => (f.durationSeconds ?? 0) < LONG_RECORDING_SECONDS)).toEqual(before[name]);
      }
    });

    it('keeps a group with a long recording whole', () => {
      const entries = dataset();
      for (const show of ['a', 'b', 'c', 'd', 'e', 'f']) {
        entries.push(entry('negative', `${show}/episode.wav`, 'valid', 600), entry('negative', `${show}/intro.wav`, 'valid', 2));
      }
      const { splits } = splitDataset(entries, { ...options, groupBy: 'folder' });
      for (const show of ['a', 'b', 'c', 'd', 'e', 'f']) {
        const where = (['train', 'val', 'test'] as const).filter((name) => splits[name].some((f) => f.path.startsWith(`negative/${show}/`)));
        expect(where, show).toHaveLength(1);
      }
      expect(longSeconds(splits.val)).toBeGreaterThan(0);
      expect(longSeconds(splits.test)).toBeGreaterThan(0);
    });
  });
});
