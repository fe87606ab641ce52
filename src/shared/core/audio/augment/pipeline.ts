/**
 * The training-time example recipe: waveform augmentations in a fixed order, each applied with its
 * configured probability and an amount drawn from its range, then log-mel, CMVN and SpecAugment.
 * Everything random comes from the given Rng, so an example replays exactly from a seed.
 *
 * Order: the speaker (speed, pitch, tempo, vocal-tract length) on the dry clip, then the window, then the
 * room (reverb), the background, the channel (telephone band, low-pass) and the level, as sound reaches a
 * microphone and then a line. Augmentations added later (tempo, vtlp, telephone, low_pass, synthetic
 * rooms) draw nothing from the rng when they are off, so configs without them replay as before.
 *
 * Negatives and hard negatives go through exactly the same distribution as positives (only the crop
 * differs: positives keep the phrase in the window). Were only positives warped, band-limited or made
 * reverberant, "sounds processed" would itself predict "wake word", and the detector would fire on any
 * reverberant or telephone-band speech while missing a clean phrase.
 */
import type { TrainingConfig } from '../../../config/schema';
import { type CmvnStats, applyCmvn } from '../cmvn';
import type { LogMelExtractor } from '../log-mel';
import type { Rng } from '../rng';
import { cropOrPad } from './crop-pad';
import { lowPass, telephoneBand } from './band-limit';
import { applyGain, timeShift } from './level';
import { type NoiseColour, generateNoise, mixAtSnr, noiseSegment } from './noise';
import { applyReverb } from './reverb';
import { changeSpeed, changeTempo, shiftPitch } from './speed-pitch';
import { specAugment } from './spec-augment';
import { syntheticRir } from './synthetic-rir';
import { changeSpeaker } from './speaker';
import { shiftVoicePitch, warpFormants } from './vtlp';

export type AugmentationConfig = TrainingConfig['augmentation'];

/**
 * Version of what the transforms compute. Bump it whenever any transform's output changes (even by rounding),
 * so caches of augmented copies (the openWakeWord embedding cache) do not mix copies made by two versions.
 * 2: faster speed/pitch resampler kernel, real-FFT formant warp and reverb (differences below 1e-5).
 */
export const AUGMENTATION_VERSION = 2;

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
  /** Decoded rirs/ impulse responses; when empty, reverb uses generated rooms if config.synthetic_reverb is on, else none. */
  readonly rirs: readonly Float32Array[];
  readonly rng: Rng;
}

/** Formants of another speaker vary this much (±) around the value their F0 suggests. */
const FORMANT_JITTER = 0.06;

const COLOURS: readonly NoiseColour[] = ['white', 'pink', 'brown'];

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[rng.int(0, items.length - 1)] as T;
}

/** rng.chance(p), but drawing nothing when p is 0 (keeps older configs' random streams unchanged). */
function maybe(p: number, rng: Rng): boolean {
  return p > 0 && rng.chance(p);
}

/** A recorded response when the workspace has some, else a generated room when enabled, else null. */
function roomFor(ctx: ExampleContext): Float32Array | null {
  const { rng, config } = ctx;
  if (ctx.rirs.length > 0) return pick(ctx.rirs, rng);
  const rooms = config.synthetic_reverb;
  return rooms.enabled ? syntheticRir(ctx.sampleRate, rng.uniform(rooms.rt60_min, rooms.rt60_max), rng) : null;
}

/** Cropped/padded and (when ctx.augment) augmented waveform of exactly ctx.clipSamples samples. */
export function augmentWaveform(clip: Float32Array, ctx: ExampleContext): Float32Array {
  const { config, rng } = ctx;
  if (!ctx.augment) return cropOrPad(clip, ctx.clipSamples, ctx.positive ? 'energy' : 'centre');
  let signal = clip;
  if (rng.chance(config.speed.probability)) signal = changeSpeed(signal, rng.uniform(config.speed.min, config.speed.max));
  // Another speaker replaces this copy's voice changes: a pitch or formant draw on top would leave the new voice.
  const otherSpeaker = maybe(config.other_speaker.probability, rng);
  if (otherSpeaker) {
    const { min, max } = config.other_speaker;
    signal = changeSpeaker(signal, min * (max / min) ** rng.next(), rng.uniform(1 - FORMANT_JITTER, 1 + FORMANT_JITTER), ctx.sampleRate);
  } else if (rng.chance(config.pitch.probability)) {
    signal = shiftPitch(signal, rng.uniform(config.pitch.min, config.pitch.max));
  }
  if (maybe(config.tempo.probability, rng)) signal = changeTempo(signal, rng.uniform(config.tempo.min, config.tempo.max));
  if (!otherSpeaker && maybe(config.vtlp.probability, rng)) signal = warpFormants(signal, rng.uniform(config.vtlp.min, config.vtlp.max), ctx.sampleRate);
  if (!otherSpeaker && maybe(config.voice_pitch.probability, rng)) signal = shiftVoicePitch(signal, rng.uniform(config.voice_pitch.min, config.voice_pitch.max), ctx.sampleRate);
  signal = cropOrPad(signal, ctx.clipSamples, ctx.positive ? 'energy' : 'random', rng);
  if (rng.chance(config.time_shift.probability)) {
    signal = timeShift(signal, rng.uniform(config.time_shift.min, config.time_shift.max) * ctx.sampleRate);
  }
  if ((ctx.rirs.length > 0 || config.synthetic_reverb.enabled) && rng.chance(config.reverb.probability)) {
    const room = roomFor(ctx);
    if (room) signal = applyReverb(signal, room, rng.uniform(config.reverb.min, config.reverb.max));
  }
  if (rng.chance(config.background_noise.probability)) {
    const noise = ctx.backgrounds.length > 0 ? noiseSegment(pick(ctx.backgrounds, rng), signal.length, rng) : generateNoise(signal.length, rng, pick(COLOURS, rng));
    signal = mixAtSnr(signal, noise, rng.uniform(config.background_noise.min, config.background_noise.max));
  }
  if (maybe(config.telephone.probability, rng)) signal = telephoneBand(signal, ctx.sampleRate);
  if (maybe(config.low_pass.probability, rng)) signal = lowPass(signal, ctx.sampleRate, rng.uniform(config.low_pass.min, config.low_pass.max));
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
