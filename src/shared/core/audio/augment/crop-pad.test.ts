import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { cropOrPad, energyAlignedStart, loudestWindowStart } from './crop-pad';

function burstAt(length: number, start: number, width: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (i >= start && i < start + width ? Math.sin(i) : 0.001));
}

describe('cropOrPad', () => {
  it('keeps a positive clip’s loudest stretch inside the window', () => {
    const clip = burstAt(32000, 25000, 4000);
    const out = cropOrPad(clip, 16000, 'energy');
    expect(out.length).toBe(16000);
    expect(loudestWindowStart(clip, 16000)).toBeLessThanOrEqual(25000);
    // Re-centred on the burst (25000..29000, centre 27000), clamped to the clip's end.
    const start = energyAlignedStart(clip, 16000);
    expect(start).toBe(16000);
    expect(Array.from(out)).toEqual(Array.from(clip.subarray(start, start + 16000)));
    const middle = burstAt(48000, 20000, 4000);
    expect(Math.abs(energyAlignedStart(middle, 16000) - 14000)).toBeLessThanOrEqual(20);
  });

  it('centres short clips and crops the middle of long ones with centre alignment', () => {
    const short = Float32Array.from([1, 2, 3, 4]);
    expect(Array.from(cropOrPad(short, 8, 'centre'))).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
    expect(Array.from(cropOrPad(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 'centre'))).toEqual([3, 4]);
    expect(Array.from(cropOrPad(short, 4, 'energy'))).toEqual([1, 2, 3, 4]);
  });

  it('places clips at seeded random offsets for negatives', () => {
    const clip = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    const a = cropOrPad(clip, 10, 'random', createRng(5));
    const b = cropOrPad(clip, 10, 'random', createRng(5));
    expect(a).toEqual(b);
    const starts = new Set(Array.from({ length: 20 }, (_, s) => cropOrPad(clip, 10, 'random', createRng(s))[0]));
    expect(starts.size).toBeGreaterThan(5);
    expect(() => cropOrPad(clip, 10, 'random')).toThrow(/needs an rng/);
  });
});
