import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../config/defaults';
import { createRng } from '../rng';
import { meanPower } from './level';
import { type ExampleContext, augmentWaveform } from './pipeline';
import { FORMANT_EXPONENT, changeSpeaker, estimateF0, speakerMove } from './speaker';
import { autocorrelationF0, harmonicCentroid, syntheticVowel, whiteNoise } from './test-signals';

const SR = 16000;

/** A spoken-like clip: silence, a vowel, silence (the estimator must ignore the quiet parts). */
function word(f0: number, formantHz = 900): Float32Array {
  const clip = new Float32Array(24000);
  clip.set(syntheticVowel(14000, SR, f0, formantHz, 250), 5000);
  return clip;
}

describe('estimateF0', () => {
  it.each([85, 110, 165, 220, 300])('finds a %s Hz voice within 2 %, as the independent autocorrelation does', (f0) => {
    const clip = word(f0);
    const estimate = estimateF0(clip, SR);
    expect(estimate).not.toBeNull();
    expect(Math.abs((estimate as number) / f0 - 1)).toBeLessThan(0.02);
    const reference = autocorrelationF0(clip, SR, 8000, 16000);
    expect(Math.abs((estimate as number) / reference - 1)).toBeLessThan(0.02);
  });

  it('gives null for noise, silence and a clip shorter than one frame', () => {
    expect(estimateF0(whiteNoise(16000, 3), SR)).toBeNull();
    expect(estimateF0(new Float32Array(16000), SR)).toBeNull();
    expect(estimateF0(word(120).subarray(8000, 8500), SR)).toBeNull();
  });
});

describe('speakerMove', () => {
  it('moves the formants by the F0 ratio to the power FORMANT_EXPONENT, times the jitter', () => {
    const move = speakerMove(110, 220, 1);
    expect(move.semitones).toBeCloseTo(12, 9);
    expect(move.formants).toBeCloseTo(2 ** FORMANT_EXPONENT, 9);
    expect(speakerMove(220, 110, 1.05).formants).toBeCloseTo(2 ** -FORMANT_EXPONENT * 1.05, 9);
  });

  it('never moves the voice more than 14 semitones', () => {
    expect(speakerMove(60, 400, 1).semitones).toBe(14);
    expect(speakerMove(400, 60, 1).semitones).toBe(-14);
  });
});

describe('changeSpeaker', () => {
  it('takes a 110 Hz voice to the target F0, formants up by the speaker factor, length and level kept', () => {
    const clip = word(110, 800);
    const out = changeSpeaker(clip, 200, 1, SR);
    expect(out.length).toBe(clip.length);
    // Measured with the test-side autocorrelation, not the estimator the transform used.
    const f0 = autocorrelationF0(out, SR, 9000, 17000);
    expect(Math.abs(f0 / 200 - 1)).toBeLessThan(0.03);
    const expected = speakerMove(110, 200, 1).formants;
    const ratio = harmonicCentroid(out, f0, SR, 9000, 17000) / harmonicCentroid(clip, 110, SR, 9000, 17000);
    expect(ratio).toBeGreaterThan(1.1);
    expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.06);
    expect(meanPower(out) / meanPower(clip)).toBeCloseTo(1, 1);
  });

  it('takes a 220 Hz voice down, formants down', () => {
    const clip = word(220, 1100);
    const out = changeSpeaker(clip, 120, 1, SR);
    const f0 = autocorrelationF0(out, SR, 9000, 17000);
    expect(Math.abs(f0 / 120 - 1)).toBeLessThan(0.03);
    expect(harmonicCentroid(out, f0, SR, 9000, 17000) / harmonicCentroid(clip, 220, SR, 9000, 17000)).toBeLessThan(0.92);
  });

  it('returns an unchanged copy of a clip without pitch', () => {
    const noise = whiteNoise(16000, 5);
    const out = changeSpeaker(noise, 200, 1, SR);
    expect(out).not.toBe(noise);
    expect(Array.from(out)).toEqual(Array.from(noise));
  });

  it('refuses a target F0 or jitter that is not above 0, naming it', () => {
    expect(() => changeSpeaker(word(120), 0, 1, SR)).toThrow('target F0 must be above 0 Hz (got 0)');
    expect(() => changeSpeaker(word(120), 200, Number.NaN, SR)).toThrow('formant jitter must be above 0 (got NaN)');
  });
});

describe('other_speaker in the augmentation pipeline', () => {
  function context(seed: number, probability: number): ExampleContext {
    const off = { probability: 0 };
    const augmentation = DEFAULT_CONFIG.augmentation;
    return {
      sampleRate: SR,
      clipSamples: 24000,
      positive: true,
      augment: true,
      config: {
        ...augmentation,
        ...Object.fromEntries((['speed', 'pitch', 'tempo', 'vtlp', 'voice_pitch', 'time_shift', 'reverb', 'background_noise', 'gain', 'low_pass'] as const).map((k) => [k, { ...augmentation[k], ...off }])),
        telephone: off,
        other_speaker: { probability, min: 180, max: 240 },
      },
      backgrounds: [],
      rirs: [],
      rng: createRng(seed),
    };
  }

  it('gives every copy a voice in the configured F0 range when its probability is 1', () => {
    for (const seed of [1, 2, 3]) {
      const out = augmentWaveform(word(100), context(seed, 1));
      const f0 = autocorrelationF0(out, SR, 9000, 17000);
      expect(f0).toBeGreaterThan(180 * 0.97);
      expect(f0).toBeLessThan(240 * 1.03);
    }
  });

  it('changes nothing at probability 0', () => {
    const clip = word(100);
    expect(Array.from(augmentWaveform(clip, context(4, 0)))).toEqual(Array.from(clip));
  });
});
