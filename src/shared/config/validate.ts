/**
 * Validation of a training config: the schema's per-field ranges, then the rules that span fields.
 * Every issue names its field by dotted path and says what is allowed; warnings never block training.
 */
import type { z } from 'zod';
import { estimateConfig, clipSamples, inputFrames } from './estimate';
import { describeAllowed, FIELD_SPECS, getAtPath, suggestField } from './fields';
import { ConfigMigrationError, migrateConfig } from './migrations';
import { MIN_INPUT } from './model-shapes';
import { OWW_SAMPLE_RATE } from '../core/oww/oww-constants';
import { isOwwArchitecture, trainingConfigSchema, type TrainingConfig } from './schema';

export type IssueSeverity = 'error' | 'warning';

export interface ConfigIssue {
  /** Dotted path of the field (`training.epochs`), or of the section for rules spanning it (`split`). */
  readonly path: string;
  readonly message: string;
  readonly severity: IssueSeverity;
}

export interface ValidationContext {
  /** Clips in the training split, when known: the batch must fit in it. */
  readonly trainClips?: number | null;
}

export interface ValidationResult {
  readonly ok: boolean;
  /** The parsed config when there are no errors. */
  readonly config: TrainingConfig | null;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
  /** Set when the input was an older version and has been migrated. */
  readonly migratedFrom?: number;
}

/** "training.epochs: must be a whole number from 1 to 1000 (got 0)". */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
const round = (value: number): number => Number(value.toPrecision(6));

function schemaIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigIssue[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const full = path ? `${path}.${key}` : key;
      const hint = suggestField(full);
      return { path: full, severity: 'error' as const, message: `unknown field${hint ? ` (did you mean ${hint}?)` : ''}` };
    });
  }
  const spec = FIELD_SPECS.get(path);
  const value = getAtPath(raw, path);
  if (spec) {
    const message = value === undefined ? `is required: ${describeAllowed(spec)}` : `must be ${describeAllowed(spec)} (got ${shown(value)})`;
    return [{ path, severity: 'error', message }];
  }
  if (issue.code === 'invalid_type' && value === undefined) return [{ path, severity: 'error', message: 'section is required' }];
  if (issue.code === 'invalid_type') return [{ path, severity: 'error', message: `must be a section of settings (got ${shown(value)})` }];
  return [{ path, severity: 'error', message: issue.message }];
}

function crossFieldIssues(config: TrainingConfig, context: ValidationContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const error = (path: string, message: string): void => void issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void issues.push({ path, message, severity: 'warning' });
  const { data, features, augmentation, model, training, optimizer, split } = config;

  const sum = split.train + split.validation + split.test;
  if (Math.abs(sum - 1) > 1e-6) error('split', `split.train + split.validation + split.test must add up to 1 (got ${round(sum)})`);
  if (split.test === 0) warn('split.test', 'no test split: final figures will come from data the model was selected on');

  if (optimizer.warmup_epochs >= training.epochs) {
    error('optimizer.warmup_epochs', `must be less than training.epochs: a whole number from 0 to ${training.epochs - 1} (got ${optimizer.warmup_epochs})`);
  }
  if (optimizer.min_lr > optimizer.lr) error('optimizer.min_lr', `must not exceed optimizer.lr: a number from 0 to ${optimizer.lr} (got ${optimizer.min_lr})`);
  if (optimizer.type !== 'sgd' && optimizer.lr > 0.01) warn('optimizer.lr', `${optimizer.lr} is unusually high for ${optimizer.type}; 0.0001 to 0.01 is typical`);
  if (training.early_stopping.enabled && training.early_stopping.patience >= training.epochs) {
    warn('training.early_stopping.patience', `is not below training.epochs (${training.epochs}), so early stopping can never trigger`);
  }
  if (model.dropout > 0.5) warn('model.dropout', `${model.dropout} is high; training may learn slowly`);

  const nyquist = data.sample_rate / 2;
  if (features.f_max > nyquist) error('features.f_max', `must be at most data.sample_rate / 2: a number from ${features.f_min} to ${nyquist} Hz (got ${features.f_max})`);
  if (features.f_min >= features.f_max) error('features.f_min', `must be below features.f_max: a number from 0 to ${features.f_max} Hz (got ${features.f_min})`);
  if (features.win_length > features.n_fft) {
    error('features.win_length', `must not exceed features.n_fft: a whole number from 16 to ${features.n_fft} (got ${features.win_length})`);
  }
  if (features.hop_length > features.win_length) warn('features.hop_length', `is longer than features.win_length (${features.win_length}): some samples fall between windows`);

  if (isOwwArchitecture(model.architecture)) {
    // openWakeWord's feature models are fixed: 16 kHz audio, their own mel front end (no CMVN).
    if (data.sample_rate !== OWW_SAMPLE_RATE) error('data.sample_rate', `${model.architecture} uses openWakeWord's feature models, which take ${OWW_SAMPLE_RATE} Hz audio (got ${data.sample_rate})`);
    if (features.cmvn) error('features.cmvn', `must be false for ${model.architecture}: openWakeWord's embeddings are used as they come (got true)`);
    if (training.mining.rounds > 0 && training.mining.first_epoch >= training.epochs) {
      warn('training.mining.first_epoch', `is not below training.epochs (${training.epochs}), so no epoch trains on the mined negatives`);
    }
  }

  const samples = clipSamples(config);
  const minimum = MIN_INPUT[model.architecture];
  const frames = inputFrames(config);
  if (samples < features.n_fft) {
    const least = features.n_fft / data.sample_rate;
    error('data.clip_duration', `must be at least features.n_fft / data.sample_rate = ${round(least)} s so one FFT window fits (got ${data.clip_duration} s)`);
  } else if (frames < minimum.frames) {
    const least = ((minimum.frames - 1) * features.hop_length) / data.sample_rate;
    error(
      'data.clip_duration',
      `gives ${frames} frames at features.hop_length ${features.hop_length}; ${model.architecture} needs at least ${minimum.frames}: at least ${round(least)} s (got ${data.clip_duration} s)`,
    );
  }
  if (features.n_mels < minimum.mels) error('features.n_mels', `${model.architecture} needs at least ${minimum.mels} mel bins: a whole number from ${minimum.mels} to 128 (got ${features.n_mels})`);

  for (const name of ['time_shift', 'gain', 'background_noise', 'reverb', 'speed', 'pitch', 'tempo', 'vtlp', 'voice_pitch', 'other_speaker', 'low_pass'] as const) {
    const range = augmentation[name];
    if (range.min > range.max) error(`augmentation.${name}.max`, `must be at least augmentation.${name}.min (${range.min}) (got ${range.max})`);
  }
  const rooms = augmentation.synthetic_reverb;
  if (rooms.rt60_min > rooms.rt60_max) error('augmentation.synthetic_reverb.rt60_max', `must be at least augmentation.synthetic_reverb.rt60_min (${rooms.rt60_min}) (got ${rooms.rt60_max})`);
  const spec = augmentation.spec_augment;
  if (spec.freq_mask_width > features.n_mels) {
    error('augmentation.spec_augment.freq_mask_width', `must not exceed features.n_mels: a whole number from 0 to ${features.n_mels} (got ${spec.freq_mask_width})`);
  }
  if (spec.time_mask_width >= frames) {
    error('augmentation.spec_augment.time_mask_width', `must be shorter than the clip's ${frames} frames: a whole number from 0 to ${frames - 1} (got ${spec.time_mask_width})`);
  }

  const trainClips = context.trainClips;
  // A batch larger than the training set is one smaller batch per epoch (as PyTorch and Keras run it): a note, never a block.
  if (trainClips !== undefined && trainClips !== null && trainClips > 0 && training.batch_size > trainClips) {
    warn('training.batch_size', `is larger than the ${trainClips} training clips, so each epoch trains on one batch of ${trainClips} clips`);
  }

  // The budget check needs a buildable model; skip it when the input shape is already reported as wrong.
  if (!issues.some((issue) => issue.severity === 'error' && (issue.path === 'data.clip_duration' || issue.path === 'features.n_mels'))) {
    const estimate = estimateConfig(config);
    const { max_params: maxParams, max_size_kb: maxKb } = model.budget;
    const params = estimate.model.totalParams;
    if (maxParams > 0 && params > maxParams) {
      error('model.budget.max_params', `the ${model.architecture} model has ${params.toLocaleString('en-US')} parameters, over the budget of ${maxParams.toLocaleString('en-US')}: choose a smaller architecture or width`);
    }
    const kb = estimate.sizeBytesFloat32 / 1024;
    if (maxKb > 0 && kb > maxKb) {
      error('model.budget.max_size_kb', `the ${model.architecture} model takes ${round(kb)} KB as float32, over the budget of ${maxKb} KB: choose a smaller architecture or width`);
    }
  }
  return issues;
}

/** Validates a config already in the current version's shape. */
export function validateConfig(raw: unknown, context: ValidationContext = {}): ValidationResult {
  const parsed = trainingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => schemaIssue(issue, raw));
    return { ok: false, config: null, errors, warnings: [] };
  }
  const issues = crossFieldIssues(parsed.data, context);
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  return { ok: errors.length === 0, config: errors.length === 0 ? parsed.data : null, errors, warnings };
}

/** Migrates a config of any supported version, then validates it. */
export function checkConfig(raw: unknown, context: ValidationContext = {}): ValidationResult {
  let migrated;
  try {
    migrated = migrateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigMigrationError) return { ok: false, config: null, errors: [{ path: error.field, message: error.message, severity: 'error' }], warnings: [] };
    throw error;
  }
  const result = validateConfig(migrated.config, context);
  return migrated.from === migrated.config.version ? result : { ...result, migratedFrom: migrated.from };
}
