import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { specAugment } from './spec-augment';

describe('specAugment', () => {
  const nMels = 40;
  const frames = 101;
  const base = (): Float32Array => Float32Array.from({ length: frames * nMels }, (_, i) => 1 + (i % 7));

  it('masks whole mel bands and whole frames with the mask value, within the width limits', () => {
    const out = specAugment(base(), nMels, { timeMasks: 1, timeMaskWidth: 10, freqMasks: 1, freqMaskWidth: 5, maskValue: -99 }, createRng(8));
    const maskedBins = Array.from({ length: nMels }, (_, m) => m).filter((m) => Array.from({ length: frames }, (_, t) => out[t * nMels + m]).every((v) => v === -99));
    const maskedFrames = Array.from({ length: frames }, (_, t) => t).filter((t) => out.subarray(t * nMels, (t + 1) * nMels).every((v) => v === -99));
    expect(maskedBins.length).toBeLessThanOrEqual(5);
    expect(maskedFrames.length).toBeLessThanOrEqual(10);
    const maskedCells = out.filter((v) => v === -99).length;
    expect(maskedCells).toBe(maskedBins.length * frames + maskedFrames.length * nMels - maskedBins.length * maskedFrames.length);
  });

  it('is deterministic for a seed, differs across seeds, and defaults the mask to the mean', () => {
    const options = { timeMasks: 2, timeMaskWidth: 20, freqMasks: 2, freqMaskWidth: 8 };
    expect(specAugment(base(), nMels, options, createRng(1))).toEqual(specAugment(base(), nMels, options, createRng(1)));
    const variants = new Set(Array.from({ length: 8 }, (_, s) => specAugment(base(), nMels, options, createRng(s)).join(',')));
    expect(variants.size).toBeGreaterThan(4);
    const input = base();
    const mean = input.reduce((a, b) => a + b, 0) / input.length;
    const out = specAugment(input, nMels, { timeMasks: 1, timeMaskWidth: 101, freqMasks: 0, freqMaskWidth: 0 }, createRng(3));
    expect(out.some((v) => Math.abs(v - mean) < 1e-5)).toBe(true);
  });

  it('does nothing with zero masks', () => {
    expect(specAugment(base(), nMels, { timeMasks: 0, timeMaskWidth: 10, freqMasks: 0, freqMaskWidth: 5 }, createRng(1))).toEqual(base());
  });
});
