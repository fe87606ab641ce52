/**
 * The training configuration: one zod schema, snake_case keys as written in JSON files and `--set` paths.
 * Every number carries its allowed range here; error messages, the CLI and the panel read ranges from this
 * schema (see fields.ts), so there is a single source of truth. Cross-field rules live in validate.ts.
 */
import { z } from 'zod';
import type { BackendChoice } from '../contract/backend-choices';

/** Bump with a migration in migrations.ts whenever the stored shape changes. */
export const CONFIG_VERSION = 2;

export const ARCHITECTURES = ['dscnn', 'res8', 'tc_resnet8', 'crnn', 'oww_dnn', 'oww_rnn'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/**
 * Model families: what a model reads. 'log-mel' models classify the app's own log-mel features of one clip;
 * 'oww' models classify openWakeWord's frozen speech embeddings. Each family prepares its own training data,
 * scores and exports its own way (src/ml/families/).
 */
export const MODEL_FAMILY_IDS = ['log-mel', 'oww'] as const;
export type ModelFamilyId = (typeof MODEL_FAMILY_IDS)[number];

/** Every architecture's family: a Record, so an architecture added without one is a compile error. */
export const ARCHITECTURE_FAMILY: Readonly<Record<Architecture, ModelFamilyId>> = {
  dscnn: 'log-mel',
  res8: 'log-mel',
  tc_resnet8: 'log-mel',
  crnn: 'log-mel',
  oww_dnn: 'oww',
  oww_rnn: 'oww',
};

/** Architectures that classify openWakeWord speech embeddings rather than the app's own log-mel features. */
export function isOwwArchitecture(architecture: Architecture): boolean {
  return ARCHITECTURE_FAMILY[architecture] === 'oww';
}

/**
 * Speaker and channel augmentations added after version 2 was written: filled in off (probability 0, no
 * synthetic rooms) when absent, which is how configs without them behaved, so no version bump is needed.
 */
export const SPEAKER_AUGMENTATION_DEFAULTS = {
  tempo: { probability: 0, min: 0.9, max: 1.1 },
  vtlp: { probability: 0, min: 0.9, max: 1.1 },
  voice_pitch: { probability: 0, min: -6, max: 8 },
  other_speaker: { probability: 0, min: 85, max: 255 },
  telephone: { probability: 0 },
  low_pass: { probability: 0, min: 3000, max: 7000 },
  synthetic_reverb: { enabled: false, rt60_min: 0.15, rt60_max: 0.8 },
} as const;

/** Defaults for configs written before `model.oww` existed (the oww_default preset's values). */
export const OWW_MODEL_DEFAULTS = { layers: 2, width: 128, augment_copies: 2 } as const;
/**
 * Defaults for configs written before `training.long_negatives` / `training.mining` existed (the oww_default
 * preset's values; the log-mel family ignores both).
 */
export const LONG_NEGATIVES_DEFAULTS = { hop: 1, windows_per_epoch: 10_000 } as const;
export const MINING_DEFAULTS = { rounds: 3, first_epoch: 5, every: 5, top_windows: 500, min_score: 0.2, weight: 2 } as const;
export const OPTIMIZERS = ['adam', 'adamw', 'sgd'] as const;
export const LR_SCHEDULES = ['cosine', 'step', 'plateau', 'constant'] as const;
export const LOSSES = ['cross_entropy', 'focal'] as const;
export const CLASS_WEIGHTING = ['balanced', 'none', 'custom'] as const;
export const MONITOR_METRICS = ['val_loss', 'val_f1', 'val_eer', 'val_frr_at_target_fah'] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];
/** Same values as the contract's BackendChoice; listed here so shared/api.ts can import this module without a cycle. */
export const TRAINING_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendChoice[];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().min(min).max(max);
const probability = () => num(0, 1);

/** An augmentation applied with `probability`, drawing its amount uniformly from [min, max]. */
const ranged = (min: number, max: number) => z.strictObject({ probability: probability(), min: num(min, max), max: num(min, max) });

export const dataSchema = z.strictObject({
  sample_rate: int(8000, 48000),
  /** Seconds every clip is cropped or padded to. */
  clip_duration: num(0.1, 10),
});

export const featuresSchema = z.strictObject({
  n_mels: int(8, 128),
  n_fft: int(64, 4096),
  win_length: int(16, 4096),
  hop_length: int(8, 2048),
  f_min: num(0, 24000),
  f_max: num(100, 24000),
  /** Per-mel-bin mean and variance normalisation, with statistics from the training split (stored with the run). */
  cmvn: z.boolean(),
});

export const augmentationSchema = z.strictObject({
  /** Seconds, negative = earlier. */
  time_shift: ranged(-0.5, 0.5),
  /** Decibels. */
  gain: ranged(-24, 24),
  /** Signal-to-noise ratio in dB of mixed-in background audio. */
  background_noise: ranged(-10, 50),
  /** Wet fraction of a room impulse response convolution (0 = dry, 1 = fully reverberant). */
  reverb: ranged(0, 1),
  /** Playback-rate factor. */
  speed: ranged(0.5, 2),
  /** Semitones. */
  pitch: ranged(-12, 12),
  /** Tempo factor at the same pitch (WSOLA time stretch; 1.1 = 10 % faster). */
  tempo: ranged(0.5, 2).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.tempo }),
  /** Vocal-tract-length warp factor of the spectral envelope at the same pitch and tempo (0.9 = formants 10 % lower). */
  vtlp: ranged(0.7, 1.4).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.vtlp }),
  /**
   * Semitones of voice pitch with the formants kept (a pitch shift, then the inverse formant warp): another
   * speaker's fundamental over the same vocal tract, where `pitch` moves both like a tape played fast. With
   * `vtlp` drawn independently, one voice reaches the other sex's range (F0 about an octave apart, formants
   * about 15-20 %), which `pitch` alone cannot without a chipmunk's formants.
   */
  voice_pitch: ranged(-12, 12).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.voice_pitch }),
  /**
   * Another speaker: a target fundamental in Hz drawn log-uniformly from [min, max], reached from the clip's
   * measured F0 with the formants moved along as they differ between speakers. A copy it changes skips
   * `pitch`, `vtlp` and `voice_pitch`, which would stack onto the new voice.
   */
  other_speaker: ranged(50, 400).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.other_speaker }),
  /** The 300-3400 Hz telephone band, as 8 kHz narrow-band audio carries it. */
  telephone: z.strictObject({ probability: probability() }).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.telephone }),
  /** Low-pass cut-off in Hz. */
  low_pass: ranged(500, 24000).default({ ...SPEAKER_AUGMENTATION_DEFAULTS.low_pass }),
  /**
   * Generated room impulse responses (decaying noise at an RT60 in seconds drawn from [rt60_min, rt60_max])
   * used by `reverb` when the workspace has no rirs/ recordings; reverb is skipped without either.
   */
  synthetic_reverb: z
    .strictObject({ enabled: z.boolean(), rt60_min: num(0.05, 3), rt60_max: num(0.05, 3) })
    .default({ ...SPEAKER_AUGMENTATION_DEFAULTS.synthetic_reverb }),
  spec_augment: z.strictObject({
    probability: probability(),
    time_masks: int(0, 10),
    /** Widest time mask, in frames. */
    time_mask_width: int(0, 100),
    freq_masks: int(0, 10),
    /** Widest frequency mask, in mel bins. */
    freq_mask_width: int(0, 64),
  }),
});

export const modelSchema = z.strictObject({
  architecture: z.enum(ARCHITECTURES),
  dropout: num(0, 0.9),
  dscnn: z.strictObject({ channels: int(8, 512), blocks: int(1, 10) }),
  res8: z.strictObject({ channels: int(8, 256) }),
  tc_resnet8: z.strictObject({ width_multiplier: num(0.25, 4) }),
  crnn: z.strictObject({ conv_channels: int(4, 256), gru_units: int(8, 512), gru_layers: int(1, 3) }),
  /**
   * The oww_* heads over 16 openWakeWord embeddings: oww_dnn stacks `layers` dense layers of `width` units,
   * oww_rnn `layers` bidirectional LSTMs of `width` units per direction (openWakeWord's own RNN: 2 x 64).
   * augment_copies = augmented copies of each training clip embedded (and cached) besides the clean one.
   * Filled with defaults when absent (no version bump needed).
   */
  oww: z
    .strictObject({ layers: int(1, 6), width: int(8, 1024), augment_copies: int(0, 20) })
    .default({ ...OWW_MODEL_DEFAULTS }),
  /** Limits for small targets (microcontrollers); 0 means no limit. Checked against the estimate. */
  budget: z.strictObject({ max_params: int(0, 100_000_000), max_size_kb: num(0, 1_000_000) }),
});

export const trainingSchema = z.strictObject({
  batch_size: int(1, 4096),
  epochs: int(1, 1000),
  /** Batches prepared ahead of the one being trained on. */
  prefetch: int(0, 64),
  early_stopping: z.strictObject({ enabled: z.boolean(), patience: int(1, 500), metric: z.enum(MONITOR_METRICS) }),
  checkpoint: z.strictObject({ keep_last: int(1, 100), save_best: z.boolean() }),
  ema: z.strictObject({ enabled: z.boolean(), decay: num(0.9, 0.99999) }),
  seed: int(0, 2_147_483_647),
  backend: z.enum(TRAINING_BACKENDS),
  /**
   * oww_* models: negative/ and background/ recordings of several seconds or more are embedded once, step by
   * step, and every `hop`-th 80 ms step is a candidate negative window; each epoch draws `windows_per_epoch`
   * of them (seeded by seed and epoch; all when there are fewer; 0 = only mining draws from them).
   */
  long_negatives: z.strictObject({ hop: int(1, 25), windows_per_epoch: int(0, 10_000_000) }).default({ ...LONG_NEGATIVES_DEFAULTS }),
  /**
   * Hard-negative mining (oww_* models): after epoch `first_epoch`, then every `every` epochs, `rounds` times
   * (0 = off), every negative window is scored by the current model and the `top_windows` highest scoring at
   * or above `min_score` join every later epoch, their loss weighted by `weight` on top of the class weight.
   */
  mining: z
    .strictObject({ rounds: int(0, 20), first_epoch: int(1, 1000), every: int(1, 1000), top_windows: int(1, 1_000_000), min_score: probability(), weight: num(0, 100) })
    .default({ ...MINING_DEFAULTS }),
});

export const optimizerSchema = z.strictObject({
  type: z.enum(OPTIMIZERS),
  lr: num(1e-6, 1),
  weight_decay: num(0, 0.5),
  /** Used by sgd only. */
  momentum: num(0, 0.999),
  schedule: z.enum(LR_SCHEDULES),
  warmup_epochs: int(0, 100),
  min_lr: num(0, 1),
  /** Epochs between decays for the step schedule. */
  step_size: int(1, 1000),
  /** Multiplicative decay for the step and plateau schedules. */
  gamma: num(0.01, 1),
  /** Epochs without improvement before the plateau schedule decays. */
  plateau_patience: int(1, 100),
  /** Global-norm gradient clipping; 0 = off. */
  grad_clip: num(0, 100),
});

export const lossSchema = z.strictObject({
  type: z.enum(LOSSES),
  label_smoothing: num(0, 0.5),
  focal_alpha: num(0, 1),
  focal_gamma: num(0, 10),
  class_weights: z.enum(CLASS_WEIGHTING),
  /** Used when class_weights is custom. */
  custom_weights: z.strictObject({ negative: num(0.01, 100), positive: num(0.01, 100) }),
  /** Loss multiplier for clips from hard_negative/ (confusable phrases); 1 = like any negative. */
  hard_negative_weight: num(0, 100),
  /** Loss multiplier for clips under <category>/recorded/ (the user's own voice, the closest to real use); 1 = like any clip. Older configs lack it. */
  recorded_weight: num(0, 100).default(2),
});

export const selectionSchema = z.strictObject({
  /** Which validation figure picks the best checkpoint. */
  metric: z.enum(MONITOR_METRICS),
  /** False accepts per hour the operating threshold is chosen for. */
  target_fah: num(0.01, 100),
});

export const splitSchema = z.strictObject({
  train: num(0.1, 0.98),
  validation: num(0.01, 0.5),
  test: num(0, 0.5),
});

export const trainingConfigSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION),
  description: z.string().max(500).optional(),
  data: dataSchema,
  features: featuresSchema,
  augmentation: augmentationSchema,
  model: modelSchema,
  training: trainingSchema,
  optimizer: optimizerSchema,
  loss: lossSchema,
  selection: selectionSchema,
  split: splitSchema,
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
