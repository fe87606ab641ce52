import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../config/defaults';
import { CmvnAccumulator } from '../cmvn';
import { DEFAULT_FRONT_END } from '../front-end-config';
import { LogMelExtractor } from '../log-mel';
import { createRng } from '../rng';
import { energyAlignedStart } from './crop-pad';
import { type ExampleContext, augmentWaveform, makeExample } from './pipeline';

const word = Float32Array.from({ length: 30000 }, (_, i) => (i > 14000 && i < 20000 ? 0.3 * Math.sin(i * 0.07) : 0.001 * Math.sin(i)));
const always = { probability: 1 };

function context(seed: number, overrides: Partial<ExampleContext> = {}): ExampleContext {
  return {
    sampleRate: 16000,
    clipSamples: 16000,
    positive: true,
    augment: true,
    config: {
      ...DEFAULT_CONFIG.augmentation,
      speed: { ...DEFAULT_CONFIG.augmentation.speed, ...always },
      pitch: { ...DEFAULT_CONFIG.augmentation.pitch, ...always },
      time_shift: { ...DEFAULT_CONFIG.augmentation.time_shift, ...always },
      reverb: { ...DEFAULT_CONFIG.augmentation.reverb, ...always },
      background_noise: { ...DEFAULT_CONFIG.augmentation.background_noise, ...always },
      gain: { ...DEFAULT_CONFIG.augmentation.gain, ...always },
      spec_augment: { ...DEFAULT_CONFIG.augmentation.spec_augment, ...always },
    },
    backgrounds: [],
    rirs: [Float32Array.from({ length: 2000 }, (_, i) => (i === 0 ? 1 : Math.exp(-i / 300) * Math.sin(i * 1.3) * 0.2))],
    rng: createRng(seed),
    ...overrides,
  };
}

describe('augmentation pipeline', () => {
  it('always yields exactly clip length, for every augmentation applied', () => {
    for (let seed = 0; seed < 5; seed += 1) expect(augmentWaveform(word, context(seed)).length).toBe(16000);
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const extractor = new LogMelExtractor(DEFAULT_FRONT_END);
    const a = makeExample(word, context(42), extractor, null);
    const b = makeExample(word, context(42), extractor, null);
    expect(a).toEqual(b);
    expect(makeExample(word, context(43), extractor, null)).not.toEqual(a);
    expect(a.length).toBe(101 * 40);
  });

  it('without augmentation only crops, centring the word (validation examples)', () => {
    const out = augmentWaveform(word, context(1, { augment: false }));
    // The word spans 14000..20000; centred in a 16000-sample window the crop starts near 9000.
    const start = energyAlignedStart(word, 16000);
    expect(Math.abs(start - 9000)).toBeLessThanOrEqual(20);
    expect(out).toEqual(word.subarray(start, start + 16000));
  });

  it('applies CMVN and masks with 0 (the normalised mean)', () => {
    const extractor = new LogMelExtractor(DEFAULT_FRONT_END);
    const acc = new CmvnAccumulator(40);
    acc.add(extractor.compute(augmentWaveform(word, context(1, { augment: false }))));
    const features = makeExample(word, context(5), extractor, acc.finish());
    expect(features.some((v) => v === 0)).toBe(true);
    expect(Math.abs(features.reduce((s, v) => s + v, 0) / features.length)).toBeLessThan(3);
  });

  it('uses background recordings when given', () => {
    const hum = Float32Array.from({ length: 48000 }, (_, i) => Math.sin((2 * Math.PI * 50 * i) / 16000));
    const quietWord = new Float32Array(16000);
    const config = { ...DEFAULT_CONFIG.augmentation, background_noise: { probability: 1, min: 0, max: 0 }, speed: { probability: 0, min: 1, max: 1 }, pitch: { probability: 0, min: 0, max: 0 }, gain: { probability: 0, min: 0, max: 0 }, time_shift: { probability: 0, min: 0, max: 0 }, reverb: { probability: 0, min: 0, max: 0 } };
    const out = augmentWaveform(quietWord, context(2, { config, backgrounds: [hum], rirs: [] }));
    // Zero crossings of a 50 Hz hum: ~100 per second.
    let crossings = 0;
    for (let i = 1; i < out.length; i += 1) if (((out[i - 1] as number) < 0) !== ((out[i] as number) < 0)) crossings += 1;
    expect(crossings).toBeGreaterThan(95);
    expect(crossings).toBeLessThan(105);
  });
});
