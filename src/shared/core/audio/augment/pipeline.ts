/**
 * The training-time example recipe: waveform augmentations in a fixed order, each applied with its
 * configured probability and an amount drawn from its range, then log-mel, CMVN and SpecAugment.
 * Everything random comes from the given Rng, so an example replays exactly from a seed.
 */
import type { TrainingConfig } from '../../../config/schema';
import { type CmvnStats, applyCmvn } from '../cmvn';
import type { LogMelExtractor } from '../log-mel';
import type { Rng } from '../rng';
import { cropOrPad } from './crop-pad';
import { applyGain, timeShift } from './level';
import { type NoiseColour, generateNoise, mixAtSnr, noiseSegment } from './noise';
import { applyReverb } from './reverb';
import { changeSpeed, shiftPitch } from './speed-pitch';
import { specAugment } from './spec-augment';

export type AugmentationConfig = TrainingConfig['augmentation'];

export interface ExampleContext {
  readonly sampleRate: number;
  /** Samples every example is cropped or padded to. */
  readonly clipSamples: number;
  /** Positives keep their loudest stretch in the window; negatives crop at random. */
  readonly positive: boolean;
  /** False for validation/test: only crop/pad, no randomness. */
  readonly augment: boolean;
  readonly config: AugmentationConfig;
  /** Decoded background/ recordings (mono, sampleRate); empty means generated noise. */
  readonly backgrounds: readonly Float32Array[];
  /** Decoded rirs/ impulse responses; empty disables reverberation. */
  readonly rirs: readonly Float32Array[];
  readonly rng: Rng;
}

const COLOURS: readonly NoiseColour[] = ['white', 'pink', 'brown'];

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[rng.int(0, items.length - 1)] as T;
}

/** Cropped/padded and (when ctx.augment) augmented waveform of exactly ctx.clipSamples samples. */
export function augmentWaveform(clip: Float32Array, ctx: ExampleContext): Float32Array {
  const { config, rng } = ctx;
  if (!ctx.augment) return cropOrPad(clip, ctx.clipSamples, ctx.positive ? 'energy' : 'centre');
  let signal = clip;
  if (rng.chance(config.speed.probability)) signal = changeSpeed(signal, rng.uniform(config.speed.min, config.speed.max));
  if (rng.chance(config.pitch.probability)) signal = shiftPitch(signal, rng.uniform(config.pitch.min, config.pitch.max));
  signal = cropOrPad(signal, ctx.clipSamples, ctx.positive ? 'energy' : 'random', rng);
  if (rng.chance(config.time_shift.probability)) {
    signal = timeShift(signal, rng.uniform(config.time_shift.min, config.time_shift.max) * ctx.sampleRate);
  }
  if (ctx.rirs.length > 0 && rng.chance(config.reverb.probability)) {
    signal = applyReverb(signal, pick(ctx.rirs, rng), rng.uniform(config.reverb.min, config.reverb.max));
  }
  if (rng.chance(config.background_noise.probability)) {
    const noise = ctx.backgrounds.length > 0 ? noiseSegment(pick(ctx.backgrounds, rng), signal.length, rng) : generateNoise(signal.length, rng, pick(COLOURS, rng));
    signal = mixAtSnr(signal, noise, rng.uniform(config.background_noise.min, config.background_noise.max));
  }
  if (rng.chance(config.gain.probability)) signal = applyGain(signal, rng.uniform(config.gain.min, config.gain.max));
  return signal;
}

/** Features [frames, n_mels] of one training/evaluation example. */
export function makeExample(clip: Float32Array, ctx: ExampleContext, extractor: LogMelExtractor, cmvn: CmvnStats | null): Float32Array {
  const features = extractor.compute(augmentWaveform(clip, ctx));
  if (cmvn) applyCmvn(features, cmvn);
  const spec = ctx.config.spec_augment;
  if (ctx.augment && ctx.rng.chance(spec.probability)) {
    specAugment(
      features,
      extractor.config.nMels,
      {
        timeMasks: spec.time_masks,
        timeMaskWidth: spec.time_mask_width,
        freqMasks: spec.freq_masks,
        freqMaskWidth: spec.freq_mask_width,
        ...(cmvn ? { maskValue: 0 } : {}),
      },
      ctx.rng,
    );
  }
  return features;
}
