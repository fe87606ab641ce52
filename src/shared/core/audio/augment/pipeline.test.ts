import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../config/defaults';
import { CmvnAccumulator } from '../cmvn';
import { DEFAULT_FRONT_END } from '../front-end-config';
import { LogMelExtractor } from '../log-mel';
import { createRng } from '../rng';
import { energyAlignedStart } from './crop-pad';
import { type AugmentationConfig, type ExampleContext, augmentWaveform, makeExample } from './pipeline';
import { countBadSamples, whiteNoise } from './test-signals';

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
      tempo: { ...DEFAULT_CONFIG.augmentation.tempo, ...always },
      vtlp: { ...DEFAULT_CONFIG.augmentation.vtlp, ...always },
      telephone: { ...always },
      low_pass: { ...DEFAULT_CONFIG.augmentation.low_pass, ...always },
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

describe('speaker, room and channel augmentations in the pipeline', () => {
  const off = { probability: 0 };
  /** Every augmentation off, then the given ones. */
  const only = (patch: Partial<AugmentationConfig>): AugmentationConfig => ({
    ...DEFAULT_CONFIG.augmentation,
    time_shift: { ...DEFAULT_CONFIG.augmentation.time_shift, ...off },
    gain: { ...DEFAULT_CONFIG.augmentation.gain, ...off },
    background_noise: { ...DEFAULT_CONFIG.augmentation.background_noise, ...off },
    reverb: { ...DEFAULT_CONFIG.augmentation.reverb, ...off },
    speed: { ...DEFAULT_CONFIG.augmentation.speed, ...off },
    pitch: { ...DEFAULT_CONFIG.augmentation.pitch, ...off },
    tempo: { ...DEFAULT_CONFIG.augmentation.tempo, ...off },
    vtlp: { ...DEFAULT_CONFIG.augmentation.vtlp, ...off },
    telephone: { ...off },
    low_pass: { ...DEFAULT_CONFIG.augmentation.low_pass, ...off },
    synthetic_reverb: { ...DEFAULT_CONFIG.augmentation.synthetic_reverb, enabled: false },
    ...patch,
  });
  // A click in silence: anything 50-300 ms after it is reverberation (no other transform here spreads it that far).
  const click = new Float32Array(16000);
  click[4000] = 0.8;
  const reverberant = (out: Float32Array): boolean => {
    const peakAt = out.reduce((best, v, i) => (Math.abs(v) > Math.abs(out[best] as number) ? i : best), 0);
    let tail = 0;
    for (let i = peakAt + 800; i < Math.min(out.length, peakAt + 4800); i += 1) tail += (out[i] as number) ** 2;
    return tail > 1e-6 * (out[peakAt] as number) ** 2;
  };
  const run = (config: AugmentationConfig, seed: number, rirs: readonly Float32Array[] = []): Float32Array =>
    augmentWaveform(click, context(seed, { config, rirs, backgrounds: [], positive: false }));

  it('reverberates the configured share of copies with generated rooms when rirs/ is empty', () => {
    const rooms = { enabled: true, rt60_min: 0.15, rt60_max: 0.8 };
    let count = 0;
    for (let seed = 0; seed < 200; seed += 1) if (reverberant(run(only({ reverb: { probability: 0.5, min: 0.3, max: 0.6 }, synthetic_reverb: rooms }), seed))) count += 1;
    expect(count).toBeGreaterThanOrEqual(100 - 20);
    expect(count).toBeLessThanOrEqual(100 + 20);
    for (let seed = 0; seed < 50; seed += 1) expect(reverberant(run(only({ reverb: { probability: 0.5, min: 0.3, max: 0.6 } }), seed))).toBe(false);
  });

  it('reverberates at least half of the copies with the default preset when rirs/ is empty', () => {
    const preset = DEFAULT_CONFIG.augmentation;
    const config = only({ reverb: preset.reverb, synthetic_reverb: preset.synthetic_reverb, telephone: preset.telephone, low_pass: preset.low_pass, gain: preset.gain });
    let count = 0;
    for (let seed = 0; seed < 200; seed += 1) if (reverberant(run(config, seed))) count += 1;
    expect(count).toBeGreaterThanOrEqual(100);
  });

  it('applies each new transform when asked, deterministically, within [-1, 1] and at clip length', () => {
    const loud = whiteNoise(20000, 8, 1);
    const configs: AugmentationConfig[] = [
      only({ tempo: { probability: 1, min: 0.8, max: 1.25 } }),
      only({ vtlp: { probability: 1, min: 0.85, max: 1.15 } }),
      only({ telephone: { probability: 1 } }),
      only({ low_pass: { probability: 1, min: 2000, max: 4000 } }),
      only({ reverb: { probability: 1, min: 0.5, max: 0.5 }, synthetic_reverb: { enabled: true, rt60_min: 0.3, rt60_max: 0.3 } }),
    ];
    for (const config of configs) {
      for (let seed = 0; seed < 3; seed += 1) {
        const a = augmentWaveform(loud, context(seed, { config, rirs: [] }));
        expect(a).toEqual(augmentWaveform(loud, context(seed, { config, rirs: [] })));
        expect(a.length).toBe(16000);
        expect(countBadSamples(a)).toEqual({ nan: 0, outside: 0 });
        // Not the plain crop: the transform did something.
        expect(a).not.toEqual(augmentWaveform(loud, context(seed, { config: only({}), rirs: [] })));
      }
    }
  });

  it('draws nothing for transforms that are off, so configs without them replay as before', () => {
    // With all new transforms off, the random stream left after one example is the same as an untouched copy's.
    const rng = createRng(5);
    const twin = createRng(5);
    augmentWaveform(word, context(0, { config: only({ gain: { probability: 0.5, min: -6, max: 6 } }), rng }));
    // Gain draws 1 (chance) or 2 (chance, amount) numbers; noise, reverb etc. at probability 0 draw 1 each (chance),
    // the crop of a positive draws none; the new transforms at 0 must draw none.
    const drawn: number[] = [];
    for (let i = 0; i < 12; i += 1) drawn.push(twin.next());
    const next = rng.next();
    const position = drawn.indexOf(next);
    // speed, pitch, time_shift, background_noise chances (4) + gain chance (+ amount) = 5 or 6 draws before.
    expect([5, 6]).toContain(position);
  });
});
