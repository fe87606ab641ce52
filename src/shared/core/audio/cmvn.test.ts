import { describe, expect, it } from 'vitest';
import { CmvnAccumulator, applyCmvn, parseCmvnStats } from './cmvn';

describe('CMVN', () => {
  it('computes per-bin mean and std over all added clips', () => {
    const acc = new CmvnAccumulator(2);
    acc.add(Float32Array.from([1, -50, 3, -60]));
    acc.add(Float32Array.from([5, -70]));
    const stats = acc.finish();
    expect(stats.frames).toBe(3);
    expect(stats.mean[0]).toBeCloseTo(3, 10);
    expect(stats.mean[1]).toBeCloseTo(-60, 10);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(stats.std[1]).toBeCloseTo(Math.sqrt(200 / 3), 10);
  });

  it('normalised training features have zero mean and unit variance per bin', () => {
    const acc = new CmvnAccumulator(3);
    const clips = [0, 1, 2].map((c) => Float32Array.from({ length: 30 * 3 }, (_, i) => -80 + 30 * Math.sin(i * 0.7 + c) + (i % 3) * 20));
    clips.forEach((clip) => acc.add(clip));
    const stats = acc.finish();
    const all = clips.flatMap((clip) => Array.from(applyCmvn(clip.slice(), stats)));
    for (let m = 0; m < 3; m += 1) {
      const bin = all.filter((_, i) => i % 3 === m);
      const mean = bin.reduce((a, b) => a + b, 0) / bin.length;
      const variance = bin.reduce((a, b) => a + (b - mean) ** 2, 0) / bin.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 4);
    }
  });

  it('survives a JSON round trip and rejects broken stats naming the file', () => {
    const acc = new CmvnAccumulator(2);
    acc.add(Float32Array.from([1, 2, 3, 5]));
    const stats = acc.finish();
    expect(parseCmvnStats(JSON.parse(JSON.stringify(stats)), 'run/cmvn.json')).toEqual(stats);
    expect(() => parseCmvnStats({ ...stats, mean: [1] }, 'run/cmvn.json')).toThrow('run/cmvn.json: invalid CMVN statistics (mean must list 2 numbers)');
    expect(() => parseCmvnStats({ ...stats, std: [1, -1] }, 'run/cmvn.json')).toThrow(/std must not be negative/);
    expect(() => parseCmvnStats(null, 'x.json')).toThrow(/not an object/);
  });

  it('refuses empty statistics and mismatched widths', () => {
    expect(() => new CmvnAccumulator(4).finish()).toThrow(/at least one frame/);
    expect(() => new CmvnAccumulator(4).add(new Float32Array(6))).toThrow(/not a multiple of n_mels \(4\)/);
    expect(() => new CmvnAccumulator(0)).toThrow(/positive whole number/);
  });

  it('does not divide by zero on a constant bin', () => {
    const acc = new CmvnAccumulator(1);
    acc.add(Float32Array.from([-100, -100, -100]));
    const out = applyCmvn(Float32Array.from([-100, -90]), acc.finish());
    expect(out[0]).toBe(0);
    expect(Number.isFinite(out[1])).toBe(true);
  });
});
