import { describe, expect, it } from 'vitest';
import { autocorrelationF0, countBadSamples, harmonicCentroid, syntheticVowel, whiteNoise } from './test-signals';
import { shiftPitch } from './speed-pitch';
import { shiftVoicePitch, warpFormants } from './vtlp';

const SR = 16000;
const F0 = 120;
const vowel = syntheticVowel(24000, SR, F0, 1000, 300);
// Measure away from the edges, where every sample had full overlap-add support.
const FROM = 4000;
const TO = 20000;

describe('vocal-tract-length perturbation (formant warp)', () => {
  it.each([0.85, 0.9, 1.1, 1.15])('moves the formant by about alpha = %s while the fundamental stays', (alpha) => {
    const before = harmonicCentroid(vowel, F0, SR, FROM, TO);
    const out = warpFormants(vowel, alpha, SR);
    const after = harmonicCentroid(out, F0, SR, FROM, TO);
    expect(before).toBeGreaterThan(950);
    expect(before).toBeLessThan(1050);
    expect(after / before).toBeGreaterThan(alpha - 0.05);
    expect(after / before).toBeLessThan(alpha + 0.05);
    // Moved the right way, and by more than half the requested shift.
    expect(Math.abs(after / before - 1)).toBeGreaterThan(0.5 * Math.abs(alpha - 1));
    expect(autocorrelationF0(out, SR, FROM, TO) / autocorrelationF0(vowel, SR, FROM, TO)).toBeCloseTo(1, 2);
    expect(out.length).toBe(vowel.length);
  });

  it('changes nothing at alpha 1 and keeps the level otherwise', () => {
    expect(warpFormants(vowel, 1, SR)).toEqual(vowel);
    const out = warpFormants(vowel, 1.1, SR);
    const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(rms(out) / rms(vowel)).toBeCloseTo(1, 1);
  });

  it('is deterministic, finite and within [-1, 1] on full-scale input', () => {
    const loud = whiteNoise(16000, 3, 1);
    for (const alpha of [0.7, 1.4]) {
      const out = warpFormants(loud, alpha, SR);
      expect(out).toEqual(warpFormants(loud, alpha, SR));
      expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
      expect(out.length).toBe(loud.length);
    }
    expect(countBadSamples(warpFormants(new Float32Array(5000), 1.2, SR))).toEqual({ nan: 0, outside: 0 });
    expect(warpFormants(new Float32Array(0), 1.2, SR).length).toBe(0);
  });

  it('rejects a non-positive factor', () => {
    expect(() => warpFormants(vowel, 0, SR)).toThrow(/above 0/);
  });
});

describe('voice pitch with the formants kept', () => {
  it.each([-5, 4, 8])('moves the fundamental by %s semitones while the formant stays, unlike a plain pitch shift', (semitones) => {
    const ratio = 2 ** (semitones / 12);
    const out = shiftVoicePitch(vowel, semitones, SR);
    expect(out.length).toBe(vowel.length);
    expect(autocorrelationF0(out, SR, FROM, TO) / autocorrelationF0(vowel, SR, FROM, TO)).toBeCloseTo(ratio, 1);
    // The formant (harmonic-weighted centroid near 1 kHz) stays within 12 % (at F0 190 Hz the harmonics sample
    // it coarsely); shiftPitch alone moves it with F0 (by 59 % at 8 semitones).
    const formant = harmonicCentroid(out, F0 * ratio, SR, FROM, TO) / harmonicCentroid(vowel, F0, SR, FROM, TO);
    expect(Math.abs(formant - 1)).toBeLessThan(0.12);
    const tape = harmonicCentroid(shiftPitch(vowel, semitones), F0 * ratio, SR, FROM, TO) / harmonicCentroid(vowel, F0, SR, FROM, TO);
    expect(Math.abs(tape - ratio)).toBeLessThan(Math.abs(formant - ratio));
    expect(countBadSamples(out)).toEqual({ nan: 0, outside: 0 });
  });

  it('changes nothing at 0 semitones', () => {
    expect(shiftVoicePitch(vowel, 0, SR)).toEqual(vowel);
  });
});
