import { describe, expect, it } from 'vitest';
import { lowPass, telephoneBand } from './band-limit';
import { bandPowers, countBadSamples, whiteNoise } from './test-signals';

const SR = 16000;
const noise = whiteNoise(16000, 11, 0.5);
const db = (ratio: number): number => 10 * Math.log10(ratio);
// A middle segment, clear of the filters' start-up.
const FROM = 6000;
const LENGTH = 4096;

describe('telephone band', () => {
  it('drops white noise above 3.4 kHz and below 300 Hz by more than 30 dB and keeps the voice band', () => {
    const out = telephoneBand(noise, SR);
    expect(out.length).toBe(noise.length);
    const before = bandPowers(noise, SR, FROM, LENGTH, 300, 3400);
    const after = bandPowers(out, SR, FROM, LENGTH, 300, 3400);
    expect(db(after.above / before.above)).toBeLessThan(-30);
    expect(db(after.below / before.below)).toBeLessThan(-30);
    // The voice band itself (away from the edges) passes within 1 dB.
    const voiceBefore = bandPowers(noise, SR, FROM, LENGTH, 500, 3000).inside;
    const voiceAfter = bandPowers(out, SR, FROM, LENGTH, 500, 3000).inside;
    expect(Math.abs(db(voiceAfter / voiceBefore))).toBeLessThan(1);
  });

  it('works at 8 and 48 kHz too, keeping the length', () => {
    for (const rate of [8000, 48000]) {
      const input = whiteNoise(rate, 4, 0.5);
      const out = telephoneBand(input, rate);
      expect(out.length).toBe(input.length);
      const after = bandPowers(out, rate, rate / 4, 4096, 300, 3400);
      const before = bandPowers(input, rate, rate / 4, 4096, 300, 3400);
      expect(db(after.above / before.above), `${rate} Hz`).toBeLessThan(-30);
    }
  });

  it('is deterministic, finite and within [-1, 1] on full-scale input', () => {
    const loud = whiteNoise(16000, 2, 1);
    const out = telephoneBand(loud, SR);
    expect(out).toEqual(telephoneBand(loud, SR));
    expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
    expect(telephoneBand(new Float32Array(0), SR).length).toBe(0);
  });
});

describe('low-pass', () => {
  it.each([1500, 4000])('removes what lies above a %s Hz cut-off and keeps what lies below', (cutoff) => {
    const out = lowPass(noise, SR, cutoff);
    expect(out.length).toBe(noise.length);
    const before = bandPowers(noise, SR, FROM, LENGTH, cutoff - 300, cutoff + 300);
    const after = bandPowers(out, SR, FROM, LENGTH, cutoff - 300, cutoff + 300);
    expect(db(after.above / before.above)).toBeLessThan(-30);
    expect(Math.abs(db(after.below / before.below))).toBeLessThan(0.5);
  });

  it('passes everything at or above Nyquist and stays within [-1, 1]', () => {
    expect(lowPass(noise, SR, 8000)).toEqual(noise);
    expect(countBadSamples(lowPass(whiteNoise(16000, 9, 1), SR, 2000))).toEqual({ nan: 0, outside: 0 });
    expect(() => lowPass(noise, SR, 0)).toThrow(/above 0 Hz/);
  });
});
